/**
 * @module Writes audit records with group commit: a record waits for the write in flight, if any,
 * and then goes with every other record that arrived meanwhile, in one statement. Alone, a record
 * is written at once; under load, one transaction carries many, so the trail costs the single
 * SQLite writer (and PostgreSQL's round trips) little. Each caller still waits for its own record.
 */
import type { NewAuditRecord, Store } from "../storage/store.js";

/** Most records in one statement (15 columns each: well inside both databases' parameter limits). */
const BATCH = 500;

interface Waiting {
  readonly entry: NewAuditRecord;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** The audit trail's writer; one per app. */
export class AuditWriter {
  readonly #store: Pick<Store, "audit">;
  #waiting: Waiting[] = [];
  #writing = false;

  constructor(store: Pick<Store, "audit">) {
    this.#store = store;
  }

  /** Stores `entry` with whatever else is waiting; resolves once it is written. */
  record(entry: NewAuditRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ entry, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, BATCH);
        try {
          await this.#store.audit.record(batch.map((waiting) => waiting.entry));
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.#writing = false;
    }
  }
}
