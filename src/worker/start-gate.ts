/**
 * @module How many flow-run processes a worker starts at once. Starting one (Node, Steward, the
 * TypeScript loader, the flow's imports) is CPU work of a few hundred milliseconds; forty of them
 * at once on two cores each take forty times longer, and every run of a burst starts late. The
 * gate lets `size` starts run together and queues the rest in order; a start ends when its
 * process says its flow is loaded, or exits.
 */
import type { ChildProcess } from "node:child_process";

/** A FIFO gate of `size` slots. */
export class StartGate {
  readonly size: number;
  #inUse = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`A start gate needs at least one slot, not ${size}.`);
    this.size = size;
  }

  /** Starts waiting in line now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Resolves, in call order, once a slot is free; the function returned frees it (once). */
  async acquire(): Promise<() => void> {
    if (this.#inUse < this.size) this.#inUse++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The slot passes straight to the next in line; only without one is it given back.
      if (next) next();
      else this.#inUse--;
    };
  }
}

/**
 * Holds a start slot for `child` until it sends a message `done` accepts, exits, or `ms` have
 * passed (a process that never says so must not hold the slot for good); then `release`s it.
 */
export function holdSlotUntil(
  child: ChildProcess,
  done: (message: unknown) => boolean,
  ms: number,
  release: () => void,
): void {
  void firstOf(child, done, ms).then(release);
}

/** What came first from a child: a message it was waited for, its exit, or the end of the wait. */
export type FirstOf =
  | { readonly kind: "message" }
  | { readonly kind: "exit"; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  | { readonly kind: "timeout" };

/** Resolves with the first of: a message `accept` takes, the child's exit, `ms` passing. */
export function firstOf(
  child: ChildProcess,
  accept: (message: unknown) => boolean,
  ms: number,
): Promise<FirstOf> {
  return new Promise((resolve) => {
    const finish = (first: FirstOf) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(first);
    };
    const timer = setTimeout(() => finish({ kind: "timeout" }), ms);
    timer.unref();
    const onMessage = (message: unknown) => {
      if (accept(message)) finish({ kind: "message" });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      finish({ kind: "exit", code, signal });
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}
