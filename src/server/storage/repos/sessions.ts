import type { StoreContext } from "../context.js";
import type { Store, StoredSession } from "../store.js";

/** UI sessions: rows of hashes, read on every request that carries the cookie. */
export function createSessionRepo(ctx: StoreContext): Store["sessions"] {
  const { db } = ctx;
  return {
    async create(session: StoredSession): Promise<void> {
      await db
        .insertInto("session")
        .values({
          token_hash: session.tokenHash,
          created: session.created,
          expires: session.expires,
          key_hash: session.keyHash,
          user_id: session.userId,
          csrf_token: session.csrfToken,
        })
        .execute();
    },

    async read(tokenHash: string): Promise<StoredSession | undefined> {
      const row = await db
        .selectFrom("session")
        .selectAll()
        .where("token_hash", "=", tokenHash)
        .executeTakeFirst();
      return (
        row && {
          tokenHash: row.token_hash,
          created: Number(row.created),
          expires: Number(row.expires),
          keyHash: row.key_hash,
          userId: row.user_id,
          csrfToken: row.csrf_token,
        }
      );
    },

    async delete(tokenHash: string): Promise<void> {
      await db.deleteFrom("session").where("token_hash", "=", tokenHash).execute();
    },

    async deleteExpired(timestamp: number): Promise<number> {
      const result = await db.deleteFrom("session").where("expires", "<", timestamp).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
