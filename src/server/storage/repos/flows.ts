import { sql } from "kysely";
import { newId } from "../../../core/ids.js";
import type { Flow, FlowCreate, FlowQuery, FlowUpdate } from "../../../api/index.js";
import { isUuid, toJson } from "../codec.js";
import type { StoreContext } from "../context.js";
import { flowFromRow } from "../mappers/flow.js";
import { flowOrder } from "../query/sorts.js";
import { flowWhere } from "../query/where.js";
import type { Parsed, Upserted } from "../types.js";
import type { Store } from "../store.js";

/** Flows: upserted by name; deleting one deletes its runs (and their logs). */
export function createFlowRepo(ctx: StoreContext): Store["flows"] {
  const { db, ops } = ctx;

  async function readByName(name: string): Promise<Flow | undefined> {
    const row = await db.selectFrom("flow").selectAll().where("name", "=", name).executeTakeFirst();
    return row && flowFromRow(row);
  }

  return {
    async upsert(input: Parsed<typeof FlowCreate>): Promise<Upserted<Flow>> {
      const now = ctx.now();
      // Insert-or-nothing then read: two clients registering the same flow at once both succeed.
      const inserted = await db
        .insertInto("flow")
        .values({
          id: newId(),
          created: now,
          updated: now,
          name: input.name,
          tags: toJson(input.tags),
          labels: toJson(input.labels),
        })
        .onConflict((oc) => oc.column("name").doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted !== undefined) return { value: flowFromRow(inserted), created: true };
      const existing = await readByName(input.name);
      if (existing === undefined) throw new Error(`Flow "${input.name}" vanished while being upserted`);
      return { value: existing, created: false };
    },

    async read(id: string): Promise<Flow | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await db.selectFrom("flow").selectAll().where("id", "=", id).executeTakeFirst();
      return row && flowFromRow(row);
    },

    readByName,

    async update(id: string, patch: Parsed<typeof FlowUpdate>): Promise<boolean> {
      if (!isUuid(id)) return false;
      const result = await db
        .updateTable("flow")
        .set({
          updated: ctx.now(),
          ...(patch.tags !== undefined && { tags: toJson(patch.tags) }),
          ...(patch.labels !== undefined && { labels: toJson(patch.labels) }),
        })
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      return db.transaction().execute(async (trx) => {
        // Logs have no foreign key (see migration 0002); runs and states cascade.
        await trx
          .deleteFrom("log")
          .where("flow_run_id", "in", trx.selectFrom("flow_run").select("id").where("flow_id", "=", id))
          .execute();
        const result = await trx.deleteFrom("flow").where("id", "=", id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      });
    },

    async filter(query: Parsed<typeof FlowQuery>): Promise<Flow[]> {
      let q = db.selectFrom("flow").selectAll("flow").where(flowWhere(ops, query));
      for (const term of flowOrder(query.sort)) q = q.orderBy(term);
      const rows = await q.limit(query.limit).offset(query.offset).execute();
      return rows.map(flowFromRow);
    },

    async count(query: Parsed<typeof FlowQuery>): Promise<number> {
      const row = await db
        .selectFrom("flow")
        .select(sql<number>`count(*)`.as("count"))
        .where(flowWhere(ops, query))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
