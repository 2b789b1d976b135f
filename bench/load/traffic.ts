/** Signs of lock contention reaching a caller: SQLite's message and its error codes. */
export const LOCKED = /database is locked|SQLITE_BUSY|SQLITE_LOCKED/i;

/** Retryable answers, as the client treats them (see src/client/client.ts). */
const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * Counts what the API answered, request by request, beneath the client's own retries: a wrapped
 * `fetch` handed to StewardClient, so a 503 that a retry then hid is still counted here.
 */
export class Traffic {
  requests = 0;
  /** 502 / 503 / 504 answers: the client retries these. */
  retryableAnswers = 0;
  /** Any other 5xx (a 500 is a bug). */
  serverErrors = 0;
  /** Requests that got no answer at all (refused, reset, timed out): the client retries these too. */
  noAnswer = 0;
  /** Error bodies that mention a locked database, as "METHOD path → status: body". */
  readonly lockedAnswers: string[] = [];
  readonly #statuses = new Map<number, number>();

  /** The `fetch` to give to StewardClient. */
  readonly fetch: typeof fetch = async (input, init) => {
    this.requests++;
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      this.noAnswer++;
      throw error;
    }
    this.#statuses.set(response.status, (this.#statuses.get(response.status) ?? 0) + 1);
    if (RETRYABLE_STATUS.has(response.status)) this.retryableAnswers++;
    else if (response.status >= 500) this.serverErrors++;
    if (response.status >= 400) await this.#inspect(response, init?.method ?? "GET", String(input));
    return response;
  };

  /** "200 × 1234, 201 × 567, …" */
  statusSummary(): string {
    return [...this.#statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status} × ${count}`)
      .join(", ");
  }

  async #inspect(response: Response, method: string, url: string): Promise<void> {
    const body = await response.clone().text();
    if (LOCKED.test(body) && this.lockedAnswers.length < 100) {
      this.lockedAnswers.push(
        `${method} ${new URL(url).pathname} → ${response.status}: ${body.slice(0, 300)}`,
      );
    }
  }
}
