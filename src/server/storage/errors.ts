import { isStewardError, StewardError } from "../../core/errors.js";
import type { DialectOps } from "./dialect-ops.js";

/**
 * Translates driver errors that escape the store into StewardErrors with stable codes, so that no
 * client ever sees "database is locked" or a raw constraint name: contention becomes
 * SERVICE_UNAVAILABLE (503, which clients retry), constraint violations become CONFLICT (409), a
 * full disk becomes INSUFFICIENT_STORAGE (507).
 * Anything unrecognised is rethrown untouched (an internal error).
 */
export function translateDatabaseError(ops: DialectOps, error: unknown): unknown {
  if (isStewardError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  switch (ops.classifyError(error)) {
    case "unavailable":
      return new StewardError(
        "SERVICE_UNAVAILABLE",
        `The database is busy or unreachable (${reason}). Retry the request in a moment.`,
        { cause: error },
      );
    case "unique":
      return new StewardError(
        "CONFLICT",
        `The request conflicts with an existing record (${reason}). Read the current record and retry with different values.`,
        { cause: error },
      );
    case "foreign_key":
      return new StewardError(
        "CONFLICT",
        `The request refers to a record that no longer exists (${reason}); it was probably deleted meanwhile.`,
        { cause: error },
      );
    case "invalid_input":
      return new StewardError(
        "VALIDATION_FAILED",
        `The database refused a value (${reason}). Remove NUL characters and check that ids are UUIDs.`,
        { cause: error },
      );
    case "full":
      return new StewardError(
        "INSUFFICIENT_STORAGE",
        `The database could not write: its disk is full (${reason}). Nothing was changed; reads still work. Free space on the database's volume, or delete old runs, logs and events, then retry.`,
        { cause: error },
      );
    default:
      return error;
  }
}

/** `methods` with every async function's database errors translated (see {@link translateDatabaseError}). */
export function withErrorTranslation<T extends object>(ops: DialectOps, methods: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(methods)) {
    wrapped[name] =
      typeof value === "function"
        ? async (...args: unknown[]) => {
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>)(...args);
            } catch (error) {
              throw translateDatabaseError(ops, error);
            }
          }
        : value;
  }
  return wrapped as T;
}
