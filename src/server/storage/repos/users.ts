import { newId } from "../../../core/ids.js";
import type { User, UserQuery } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { isoFromMs, isoOrNull, isUuid } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db, UserTable } from "../database.js";
import type { NewUser, Store, StoredUser } from "../store.js";
import type { Parsed } from "../types.js";

/** Users: created with a password hash, listed, given a new role or password, disabled. */
export function createUserRepo(ctx: StoreContext): Store["users"] {
  const { db } = ctx;

  const readRow = (id: string) =>
    db.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();

  return {
    async create(input: NewUser): Promise<User> {
      const now = ctx.now();
      const row: UserTable = {
        id: newId(),
        created: now,
        name: input.name,
        role: input.role,
        password_hash: input.passwordHash,
        disabled: null,
        last_login: null,
        password_changed: now,
      };
      try {
        await db.insertInto("app_user").values(row).execute();
      } catch (error) {
        if (ctx.ops.classifyError(error) === "unique") throw nameTaken(input.name, error);
        throw error;
      }
      return userFromRow(row);
    },

    async filter(query: Parsed<typeof UserQuery>): Promise<User[]> {
      let q = db.selectFrom("app_user").selectAll();
      if (query.names !== undefined) {
        if (query.names.length === 0) return [];
        q = q.where("name", "in", query.names);
      }
      if (!query.include_disabled) q = q.where("disabled", "is", null);
      const rows = await q.orderBy("name").execute();
      return rows.map(userFromRow);
    },

    async read(id: string): Promise<StoredUser | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await readRow(id);
      return row && storedUser(row);
    },

    async readByName(name: string): Promise<StoredUser | undefined> {
      const row = await db.selectFrom("app_user").selectAll().where("name", "=", name).executeTakeFirst();
      return row && storedUser(row);
    },

    async update(id, patch, keepSession): Promise<User | undefined> {
      if (!isUuid(id)) return undefined;
      // One transaction: a new password and the end of the sessions opened with the old one.
      const row = await db.transaction().execute(async (trx) => {
        const now = ctx.now();
        const changes: Partial<UserTable> = {};
        if (patch.role !== undefined) changes.role = patch.role;
        if (patch.passwordHash !== undefined) {
          changes.password_hash = patch.passwordHash;
          changes.password_changed = now;
        }
        await trx.updateTable("app_user").set(changes).where("id", "=", id).execute();
        if (patch.passwordHash !== undefined) await endSessions(trx, id, keepSession);
        return trx.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();
      });
      return row && userFromRow(row);
    },

    async disable(id: string): Promise<User | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable("app_user")
          .set({ disabled: ctx.now() })
          .where("id", "=", id)
          .where("disabled", "is", null)
          .execute();
        await endSessions(trx, id);
        return trx.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();
      });
      return row && userFromRow(row);
    },

    async markLogin(id: string): Promise<void> {
      await db.updateTable("app_user").set({ last_login: ctx.now() }).where("id", "=", id).execute();
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom("app_user")
        .select((eb) => eb.fn.countAll<number | bigint | string>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/** Deletes the sessions of user `id`, but the one whose token hashes to `keep`. */
async function endSessions(trx: Db, id: string, keep?: string): Promise<void> {
  let q = trx.deleteFrom("session").where("user_id", "=", id);
  if (keep !== undefined) q = q.where("token_hash", "<>", keep);
  await q.execute();
}

/** The API form of a user's row (never the hash). */
export function userFromRow(row: UserTable): User {
  return {
    id: row.id,
    created: isoFromMs(Number(row.created)),
    name: row.name,
    role: row.role as User["role"],
    disabled: isoOrNull(row.disabled === null ? null : Number(row.disabled)),
    last_login: isoOrNull(row.last_login === null ? null : Number(row.last_login)),
    password_changed: isoFromMs(Number(row.password_changed)),
  };
}

function storedUser(row: UserTable): StoredUser {
  return { ...userFromRow(row), passwordHash: row.password_hash };
}

function nameTaken(name: string, cause: unknown): StewardError {
  return new StewardError(
    "USER_NAME_TAKEN",
    `A user named "${name}" exists already (names stay taken after a user is disabled, for the audit trail). Pick another name.`,
    { cause },
  );
}
