import { newId } from "../../../core/ids.js";
import type { AuditQuery } from "../../../api/index.js";
import { isoFromMs } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { AuditRecordTable } from "../database.js";
import type { NewAuditRecord, Store, StoredAuditRecord } from "../store.js";
import type { Parsed } from "../types.js";

/** Rows deleted per statement by retention: each batch is its own short transaction. */
const RETENTION_BATCH = 5000;

/** The audit trail: one row per write through the API, appended, listed, and aged out. */
export function createAuditRepo(ctx: StoreContext): Store["audit"] {
  const { db } = ctx;
  return {
    async record(entries: readonly NewAuditRecord[]): Promise<void> {
      if (entries.length === 0) return;
      const occurred = ctx.now();
      await db
        .insertInto("audit_record")
        .values(entries.map((entry) => rowOf(entry, occurred)))
        .execute();
    },

    async filter(query: Parsed<typeof AuditQuery>): Promise<StoredAuditRecord[]> {
      let q = db.selectFrom("audit_record").selectAll();
      if (query.resource_id !== undefined) {
        const id = query.resource_id;
        q = q.where((eb) => eb.or([eb("resource_id", "=", id), eb("result_id", "=", id)]));
      }
      if (query.actor_name !== undefined) q = q.where("actor_name", "=", query.actor_name);
      if (query.actor_kind !== undefined) q = q.where("actor_kind", "=", query.actor_kind);
      if (query.action !== undefined) q = q.where("action", "=", query.action);
      if (query.occurred_after !== undefined) q = q.where("occurred", ">=", Date.parse(query.occurred_after));
      if (query.occurred_before !== undefined)
        q = q.where("occurred", "<", Date.parse(query.occurred_before));
      const rows = await q
        .orderBy("occurred", "desc")
        .orderBy("id", "desc")
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      return rows.map(recordFromRow);
    },

    async deleteBefore(timestamp: number): Promise<number> {
      let deleted = 0;
      for (;;) {
        const expired = db
          .selectFrom("audit_record")
          .select("id")
          .where("occurred", "<", timestamp)
          .limit(RETENTION_BATCH);
        const result = await db.deleteFrom("audit_record").where("id", "in", expired).executeTakeFirst();
        const count = Number(result.numDeletedRows);
        deleted += count;
        if (count < RETENTION_BATCH) return deleted;
      }
    },
  };
}

function rowOf(entry: NewAuditRecord, occurred: number): AuditRecordTable {
  return {
    id: newId(),
    occurred,
    actor_kind: entry.actor.kind,
    actor_id: entry.actor.id ?? null,
    actor_name: entry.actor.name,
    actor_role: entry.actor.role,
    action: entry.action,
    method: entry.method,
    path: entry.path,
    resource_kind: entry.resourceKind,
    resource_id: entry.resourceId,
    result_id: entry.resultId,
    detail: entry.detail,
    status: entry.status,
    address: entry.address,
  };
}

function recordFromRow(row: AuditRecordTable): StoredAuditRecord {
  return {
    id: row.id,
    occurred: isoFromMs(Number(row.occurred)),
    actor: {
      kind: row.actor_kind as StoredAuditRecord["actor"]["kind"],
      id: row.actor_id,
      name: row.actor_name,
      role: row.actor_role,
    },
    action: row.action,
    method: row.method,
    path: row.path,
    resource_kind: row.resource_kind,
    resource_id: row.resource_id,
    result_id: row.result_id,
    detail: row.detail,
    status: Number(row.status),
    address: row.address,
  };
}
