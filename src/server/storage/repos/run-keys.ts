import type { StoreContext } from "../context.js";
import type { Store, StoredRunKey } from "../store.js";

/** Flow runs' own keys: hashes only, looked up by hash. */
export function createRunKeyRepo(ctx: StoreContext): Store["runKeys"] {
  const { db } = ctx;
  return {
    async create(key: StoredRunKey): Promise<void> {
      await db
        .insertInto("run_key")
        .values({
          key_hash: key.keyHash,
          flow_run_id: key.flowRunId,
          created: key.created,
          expires: key.expires,
        })
        .execute();
    },

    async read(keyHash: string): Promise<StoredRunKey | undefined> {
      const row = await db
        .selectFrom("run_key")
        .selectAll()
        .where("key_hash", "=", keyHash)
        .executeTakeFirst();
      return (
        row && {
          keyHash: row.key_hash,
          flowRunId: row.flow_run_id,
          created: Number(row.created),
          expires: Number(row.expires),
        }
      );
    },

    async deleteExpired(timestamp: number): Promise<number> {
      const result = await db.deleteFrom("run_key").where("expires", "<", timestamp).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
