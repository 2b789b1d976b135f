/** The largest return value stored as a COMPLETED state's data (bigger ones are stored as null). */
export const MAX_RESULT_BYTES = 64 * 1024;

/**
 * `value` as JSON-compatible data when it serialises to at most `maxBytes`, else null. Used for
 * state data, which must never make a state proposal fail.
 */
export function jsonData(value: unknown, maxBytes = MAX_RESULT_BYTES): unknown {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return null; // cycles, BigInt: not representable
  }
  if (text === undefined || Buffer.byteLength(text) > maxBytes) return null;
  return JSON.parse(text) as unknown;
}

/** A JSON object copy of `value` for the API (parameters), or `{}` when it is not one. */
export function jsonObject(value: unknown): Record<string, unknown> {
  const data = jsonData(value, Number.POSITIVE_INFINITY);
  return data !== null && typeof data === "object" && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {};
}

/** What a FAILED state carries about the error that caused it. */
export interface ErrorData {
  readonly error: { readonly name: string; readonly message: string; readonly stack: string | null };
}

/** The state data describing `error`. */
export function errorData(error: unknown): ErrorData {
  if (error instanceof Error) {
    return { error: { name: error.name, message: error.message, stack: error.stack ?? null } };
  }
  return { error: { name: typeof error, message: String(error), stack: null } };
}

/** `Name: message` for errors other than plain `Error`, else just the message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
}
