import type { StewardClient } from "../../src/client/index.js";
import type { WorkerLog } from "../../src/worker/worker-log.js";

/** One recorded API call of a {@link FakeClient}. */
export interface RecordedCall {
  readonly name: string;
  readonly input: { params?: Record<string, string>; body?: unknown; query?: unknown };
}

type Handler = (input: RecordedCall["input"]) => unknown;

/**
 * A stand-in for StewardClient: each route answers with its handler (which may throw), and every
 * call is recorded. Unknown routes throw, so a test notices calls it did not expect.
 */
export class FakeClient {
  readonly calls: RecordedCall[] = [];
  readonly apiUrl = "http://fake.invalid/api";
  readonly #handlers = new Map<string, Handler>();

  on(name: string, handler: Handler): this {
    this.#handlers.set(name, handler);
    return this;
  }

  async call(name: string, input: RecordedCall["input"] = {}): Promise<unknown> {
    this.calls.push({ name, input });
    const handler = this.#handlers.get(name);
    if (!handler) throw new Error(`FakeClient: no handler for ${name}`);
    return handler(input);
  }

  /** The calls made to one route, in order. */
  callsTo(name: string): RecordedCall[] {
    return this.calls.filter((call) => call.name === name);
  }

  get client(): StewardClient {
    return this as unknown as StewardClient;
  }
}

/** A WorkerLog that keeps its lines, prefixed with the level. */
export function recordingLog(): WorkerLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`INFO ${message}`),
    warn: (message) => lines.push(`WARN ${message}`),
    error: (message) => lines.push(`ERROR ${message}`),
  };
}

/** Polls `probe` until it returns something other than undefined/false, with a deadline. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
