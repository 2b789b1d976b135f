import { CompiledQuery, type DatabaseConnection, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { StewardError } from "../../../core/errors.js";
import { currentActorLabelsJson } from "../../audit/actor.js";
import type { Database } from "../database.js";

/** Connections per server process; the claim loop and API handlers share them. */
export const POSTGRES_POOL_SIZE = 10;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// int8 (bigint) holds epoch milliseconds and counts: well inside Number's exact range. JSON stays
// text so that both dialects hand the mappers the same thing (a JSON string value such as "x"
// would otherwise be indistinguishable from JSON text).
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    if (oid === pg.types.builtins.JSONB || oid === pg.types.builtins.JSON) return (value: string) => value;
    return pg.types.getTypeParser(oid, format ?? "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * Connects to PostgreSQL with a pool of {@link POSTGRES_POOL_SIZE}. With `schema`, every
 * connection works in that schema (created when missing) — how tests isolate themselves.
 */
export async function connectPostgres(url: string, schema?: string): Promise<Kysely<Database>> {
  if (schema !== undefined) {
    if (!SCHEMA_NAME.test(schema)) {
      throw new StewardError(
        "CONFIG_INVALID",
        `PostgreSQL schema name ${JSON.stringify(schema)} is not a plain identifier; use lower-case letters, digits and underscores.`,
      );
    }
    await createSchema(url, schema);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: POSTGRES_POOL_SIZE,
    types: typeParsers,
    // Set at connection start-up, so no query can run before the search path is in place.
    options: schema === undefined ? undefined : `-c search_path=${schema}`,
  });
  // An idle connection dropped by the server emits 'error' on the pool; without a listener that
  // would crash the process. The next query gets a fresh connection and reports its own error.
  pool.on("error", () => {});
  // A connection that drops while checked out (PostgreSQL restarting under a query) emits 'error'
  // on its client, which the pool only listens to while the client is idle: without this the
  // process would crash. The query in flight fails by itself (a 503) and the pool drops the client.
  pool.on("connect", (client) => client.on("error", () => {}));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool, onReserveConnection: tellActor() }) });
}

/**
 * Before each use of a connection, hands it the actor of the work at hand (audit/actor.ts) as the
 * session setting `steward.actor`, which the event triggers stamp on every event. It runs before
 * any `begin`, so a rollback never undoes it, and costs a round trip only when the actor changes.
 */
function tellActor(): (connection: DatabaseConnection) => Promise<void> {
  const told = new WeakMap<DatabaseConnection, string>();
  return async (connection) => {
    const labels = currentActorLabelsJson() ?? "";
    if (told.get(connection) === labels) return;
    told.delete(connection);
    await connection.executeQuery(
      CompiledQuery.raw("select set_config('steward.actor', $1, false)", [labels]),
    );
    told.set(connection, labels);
  };
}

async function createSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(`create schema if not exists "${schema}"`);
  } catch (error) {
    // Two processes creating the same schema at once can collide despite IF NOT EXISTS.
    const code = (error as { code?: string }).code;
    if (code !== "23505" && code !== "42P06") throw unreachable(url, error);
  } finally {
    await client.end().catch(() => {});
  }
}

function unreachable(url: string, error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === undefined || !/^(ECONN|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|08|57P03|28)/.test(code)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StewardError(
    "SERVICE_UNAVAILABLE",
    `Cannot connect to PostgreSQL at ${redact(url)}: ${reason}. Check that the server is running and that STEWARD_DATABASE_URL is right.`,
    { cause: error },
  );
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the configured URL";
  }
}
