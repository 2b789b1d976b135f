import { newId } from "../../../core/ids.js";
import type { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyQuery } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { newApiKey } from "../../auth/key-material.js";
import { fromJson, isoOrNull, isoFromMs, isUuid, toJson } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { ApiKeyTable } from "../database.js";
import type { Store, StoredApiKey } from "../store.js";
import type { Parsed } from "../types.js";

/** Keys are used often: `last_used` is written at most once a minute per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** API keys: created with a random key whose hash alone is stored, listed, revoked. */
export function createApiKeyRepo(ctx: StoreContext): Store["apiKeys"] {
  const { db } = ctx;

  const readRow = (id: string) =>
    db.selectFrom("api_key").selectAll().where("id", "=", id).executeTakeFirst();

  return {
    async create(input: Parsed<typeof ApiKeyCreate>): Promise<ApiKeyCreated> {
      const material = newApiKey();
      const now = ctx.now();
      const row: ApiKeyTable = {
        id: newId(),
        created: now,
        name: input.name,
        role: input.role,
        prefix: material.prefix,
        key_hash: material.hash,
        pools: toJson(input.pools),
        expires: input.expires_in_seconds === null ? null : now + input.expires_in_seconds * 1000,
        revoked: null,
        last_used: null,
      };
      try {
        await db.insertInto("api_key").values(row).execute();
      } catch (error) {
        if (ctx.ops.classifyError(error) === "unique") throw duplicateName(input.name, error);
        throw error;
      }
      return { api_key: apiKeyFromRow(row), key: material.key };
    },

    async filter(query: Parsed<typeof ApiKeyQuery>): Promise<ApiKey[]> {
      let q = db.selectFrom("api_key").selectAll();
      if (query.names !== undefined) {
        if (query.names.length === 0) return [];
        q = q.where("name", "in", query.names);
      }
      if (!query.include_inactive) {
        const now = ctx.now();
        q = q
          .where("revoked", "is", null)
          .where((eb) => eb.or([eb("expires", "is", null), eb("expires", ">", now)]));
      }
      const rows = await q.orderBy("name").execute();
      return rows.map(apiKeyFromRow);
    },

    async revoke(id: string): Promise<ApiKey | undefined> {
      if (!isUuid(id)) return undefined;
      await db
        .updateTable("api_key")
        .set({ revoked: ctx.now() })
        .where("id", "=", id)
        .where("revoked", "is", null)
        .execute();
      const row = await readRow(id);
      return row && apiKeyFromRow(row);
    },

    async findByHash(hash: string): Promise<StoredApiKey | undefined> {
      const row = await db.selectFrom("api_key").selectAll().where("key_hash", "=", hash).executeTakeFirst();
      return row && { ...apiKeyFromRow(row), expiresMs: row.expires === null ? null : Number(row.expires) };
    },

    async markUsed(id: string): Promise<void> {
      const now = ctx.now();
      await db
        .updateTable("api_key")
        .set({ last_used: now })
        .where("id", "=", id)
        .where((eb) =>
          eb.or([eb("last_used", "is", null), eb("last_used", "<", now - LAST_USED_RESOLUTION_MS)]),
        )
        .execute();
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom("api_key")
        .select((eb) => eb.fn.countAll<number | bigint | string>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** The API form of a key's row (never the hash). */
export function apiKeyFromRow(row: ApiKeyTable): ApiKey {
  return {
    id: row.id,
    created: isoFromMs(Number(row.created)),
    name: row.name,
    role: row.role as ApiKey["role"],
    prefix: row.prefix,
    pools: fromJson<string[]>(row.pools, []),
    expires: isoOrNull(row.expires === null ? null : Number(row.expires)),
    revoked: isoOrNull(row.revoked === null ? null : Number(row.revoked)),
    last_used: isoOrNull(row.last_used === null ? null : Number(row.last_used)),
  };
}

function duplicateName(name: string, cause: unknown): StewardError {
  return new StewardError(
    "CONFLICT",
    `An API key named "${name}" exists already (names stay taken after a revoke, for the audit trail). Pick another name.`,
    { cause },
  );
}
