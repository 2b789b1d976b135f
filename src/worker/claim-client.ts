import { StewardClient } from "../client/index.js";

/** Options of {@link claimClient}. */
export interface ClaimClientOptions {
  readonly apiUrl: string;
  /** Sent as `Authorization: Bearer …` (STEWARD_API_KEY). */
  readonly apiKey?: string | null;
  /** How long one claim long-polls the server. */
  readonly waitSeconds: number;
  /** Ends every request in flight, and refuses new ones, once aborted. */
  readonly stop: AbortSignal;
  readonly fetch?: typeof fetch;
}

/**
 * The client the claim loop polls with. Its requests end the moment the worker stops (a long poll
 * must not hold a shutdown for 20 s), its timeout leaves room for the long poll, and it never
 * retries: the claim loop backs off itself and logs each failure once.
 */
export function claimClient(options: ClaimClientOptions): StewardClient {
  const base = options.fetch ?? fetch;
  const abortable: typeof fetch = (input, init) =>
    base(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, options.stop]) : options.stop,
    });
  return new StewardClient({
    apiUrl: options.apiUrl,
    apiKey: options.apiKey,
    retries: 0,
    timeoutMs: (options.waitSeconds + 15) * 1000,
    fetch: abortable,
  });
}
