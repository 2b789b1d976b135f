/** @module The engine's cursor and trigger state: read at start, written once per batch. */
import { fromJson, toJson } from "../codec.js";
import type { StoreContext } from "../context.js";
import { chunks, INSERT_CHUNK_ROWS, IN_LIST_CHUNK } from "../context.js";
import type { Db } from "../database.js";
import { insertEvents } from "../events/insert.js";
import { engineDb } from "./tables.js";
import type { EngineCommit, EngineSnapshot } from "./types.js";
import { insertJobs } from "./action-jobs.js";

/** Everything the engine stored. */
export async function loadEngineState(ctx: StoreContext): Promise<EngineSnapshot> {
  const db = engineDb(ctx.db);
  const state = await db
    .selectFrom("automation_engine_state")
    .selectAll()
    .where("id", "=", 1)
    .executeTakeFirst();
  const rows = await db.selectFrom("automation_bucket").selectAll().execute();
  return {
    version: Number(state?.version ?? 0),
    cursor: state?.cursor ?? null,
    entries: rows.map((row) => ({
      automationId: row.automation_id,
      automationUpdated: Number(row.automation_updated),
      path: row.trigger_path,
      key: row.bucket_key,
      data: fromJson<unknown>(row.data, null),
    })),
  };
}

/**
 * Writes one batch in one transaction, if the stored version is still `expectedVersion`: returns
 * the new version, or null (nothing written) when another process moved the engine on.
 */
export async function commitEngineState(ctx: StoreContext, commit: EngineCommit): Promise<number | null> {
  const version = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const version = commit.expectedVersion + 1;
    // The compare-and-set comes first: on PostgreSQL it also locks the row until the commit, so a
    // second replica's batch waits here and then finds the version moved.
    const claimed = await engineDb(trx)
      .updateTable("automation_engine_state")
      .set({ cursor: commit.cursor, version, updated: now })
      .where("id", "=", 1)
      .where("version", "=", commit.expectedVersion)
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) return null;
    await writeEntries(trx, commit, now);
    await insertJobs(trx, commit.jobs, now);
    if (commit.events.length > 0) await insertEvents(trx, ctx, commit.events);
    return version;
  });
  // The signal that announces trigger-written events also reaches event tails (here and, on
  // PostgreSQL, in other replicas), so the automation's own events stream out at once.
  if (version !== null && commit.events.length > 0) ctx.notifyRunsChanged();
  return version;
}

async function writeEntries(trx: Db, commit: EngineCommit, now: number): Promise<void> {
  const db = engineDb(trx);
  for (const ids of chunks(commit.dropAutomations, IN_LIST_CHUNK)) {
    await db.deleteFrom("automation_bucket").where("automation_id", "in", ids).execute();
  }
  for (const entry of commit.deletes) {
    await db
      .deleteFrom("automation_bucket")
      .where("automation_id", "=", entry.automationId)
      .where("trigger_path", "=", entry.path)
      .where("bucket_key", "=", entry.key)
      .execute();
  }
  for (const slice of chunks(commit.upserts, INSERT_CHUNK_ROWS)) {
    await db
      .insertInto("automation_bucket")
      .values(
        slice.map((entry) => ({
          automation_id: entry.automationId,
          trigger_path: entry.path,
          bucket_key: entry.key,
          automation_updated: entry.automationUpdated,
          data: toJson(entry.data),
          updated: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(["automation_id", "trigger_path", "bucket_key"]).doUpdateSet((eb) => ({
          automation_updated: eb.ref("excluded.automation_updated"),
          data: eb.ref("excluded.data"),
          updated: eb.ref("excluded.updated"),
        })),
      )
      .execute();
  }
}
