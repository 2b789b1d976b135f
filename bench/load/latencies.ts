/** The operations the load clients time, in the order the report lists them. */
export const OPERATIONS = [
  "create flow run",
  "create deployment run",
  "set state",
  "write logs",
  "deployment run created → completed",
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Count and percentiles of one operation's latencies, in milliseconds. */
export interface Summary {
  readonly operation: Operation;
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const KEPT_MESSAGES = 5;

/** Latencies per operation and the calls that failed after the client's retries. */
export class Latencies {
  readonly #samples = new Map<Operation, number[]>(OPERATIONS.map((op) => [op, []]));
  errorCount = 0;
  readonly firstErrors: string[] = [];

  /** Runs `call`, recording its latency, or its error (then rethrown) when it fails. */
  async time<T>(operation: Operation, call: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      const value = await call();
      this.add(operation, performance.now() - start);
      return value;
    } catch (error) {
      this.fail(operation, error);
      throw error;
    }
  }

  add(operation: Operation, ms: number): void {
    this.#samples.get(operation)?.push(ms);
  }

  fail(operation: Operation, error: unknown): void {
    this.errorCount++;
    if (this.firstErrors.length < KEPT_MESSAGES) {
      this.firstErrors.push(`${operation}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  summaries(): Summary[] {
    return OPERATIONS.map((operation) => summarize(operation, this.#samples.get(operation) ?? []));
  }
}

function summarize(operation: Operation, samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { operation, count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}
