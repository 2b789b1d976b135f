import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import type { Db } from "../database.js";

/**
 * "Runs may have become claimable": the signal that wakes claim long-polls. Local subscribers are
 * called synchronously; on PostgreSQL the signal also travels to every other server process on
 * the same database and schema through `NOTIFY steward_runs`, so replicas wake each other.
 */
export interface RunsNotifier {
  /** Wakes subscribers here at once and, on PostgreSQL, elsewhere (one NOTIFY per tick at most). */
  notify(): void;
  /** Calls `listener` on every signal until the returned function is called. */
  subscribe(listener: () => void): () => void;
  /** Stops listening and waits for a NOTIFY in flight. Idempotent. */
  close(): Promise<void>;
}

/** The PostgreSQL channel every Steward server listens on. */
export const RUNS_CHANNEL = "steward_runs";

const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/** Subscribers of one process. A throwing listener must not keep the others from waking. */
class FanOut {
  readonly #listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    const entry = () => listener();
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  emit(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // A waiter's bug is its own; the others still wake.
      }
    }
  }
}

/** The notifier of a SQLite store: one process owns the database, so local subscribers are all. */
export function localNotifier(): RunsNotifier {
  const fanOut = new FanOut();
  return {
    notify: () => fanOut.emit(),
    subscribe: (listener) => fanOut.subscribe(listener),
    close: async () => {},
  };
}

/** Where the PostgreSQL notifier listens and sends. */
export interface PostgresNotifierOptions {
  /** Connection URL; a dedicated client LISTENs on it (a pooled connection could not). */
  readonly url: string;
  /** Stores on other schemas of the same database ignore this store's signals. */
  readonly schema: string;
  /** The store's pool, which sends the NOTIFY. */
  readonly db: Db;
}

/**
 * Opens the PostgreSQL notifier: LISTENs before returning, so a signal sent after the store is
 * open is never missed. A dropped LISTEN connection is re-opened with backoff; on reconnecting it
 * wakes the local subscribers once, since signals sent meanwhile were lost.
 */
export async function postgresNotifier(options: PostgresNotifierOptions): Promise<RunsNotifier> {
  const fanOut = new FanOut();
  const origin = randomUUID();
  const payload = `${options.schema}|${origin}`;
  const listener = new Listener(options.url, (message) => {
    const [schema, from] = message.split("|");
    // Our own NOTIFY comes back too; local subscribers were already woken when it was sent.
    if (schema === options.schema && from !== origin) fanOut.emit();
  });
  listener.onReconnect = () => fanOut.emit();
  await listener.open();

  let scheduled = false;
  const inFlight = new Set<Promise<void>>();
  const send = () => {
    scheduled = false;
    if (listener.closed) return;
    // A lost cross-process signal only delays a remote claim until its waiter's timer: ignore.
    const sending = sql`select pg_notify(${RUNS_CHANNEL}, ${payload})`.execute(options.db).then(
      () => undefined,
      () => undefined,
    );
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  };
  return {
    notify() {
      fanOut.emit();
      if (scheduled || listener.closed) return;
      // A burst of writes (a scheduler inserting 500 runs) becomes one NOTIFY.
      scheduled = true;
      setImmediate(send);
    },
    subscribe: (fn) => fanOut.subscribe(fn),
    async close() {
      await listener.close();
      await Promise.all([...inFlight]);
    },
  };
}

/** One LISTEN connection that comes back after it drops. */
class Listener {
  closed = false;
  onReconnect: () => void = () => {};
  readonly #url: string;
  readonly #onMessage: (payload: string) => void;
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #delay = RECONNECT_FIRST_MS;

  constructor(url: string, onMessage: (payload: string) => void) {
    this.#url = url;
    this.#onMessage = onMessage;
  }

  async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url });
    // Without a listener an 'error' event would crash the process; the reconnect handles it.
    client.on("error", () => this.#lost(client));
    client.on("end", () => this.#lost(client));
    client.on("notification", (message) => {
      if (message.channel === RUNS_CHANNEL) this.#onMessage(message.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`listen ${RUNS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.#client = client;
    this.#delay = RECONNECT_FIRST_MS;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  #lost(client: pg.Client): void {
    if (this.closed || this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    this.#retry();
  }

  #retry(): void {
    const delay = this.#delay;
    this.#delay = Math.min(this.#delay * 2, RECONNECT_MAX_MS);
    this.#timer = setTimeout(() => {
      this.open().then(
        // Closed while reconnecting: close() found no client, so end the new one here.
        () => (this.closed ? this.close() : this.onReconnect()),
        () => (this.closed ? undefined : this.#retry()),
      );
    }, delay);
    this.#timer.unref();
  }
}
