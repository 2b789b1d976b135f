import { TimeoutError } from "./errors.js";

/** A signal for one attempt of a run, and how to release its timer and listener. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

const NOOP = (): void => {};

/**
 * The signal of one attempt: aborted with a TimeoutError after `timeoutSeconds`, or with the
 * parent's reason when the parent aborts (cancellation). Without a timeout the parent is returned
 * as is, so untimed attempts cost no timer.
 */
export function attemptSignal(
  parent: AbortSignal,
  timeoutSeconds: number | undefined,
  what: string,
): AttemptSignal {
  if (timeoutSeconds === undefined) return { signal: parent, dispose: NOOP };
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onParentAbort();
  else parent.addEventListener("abort", onParentAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new TimeoutError(what, timeoutSeconds)),
    timeoutSeconds * 1000,
  );
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener("abort", onParentAbort);
    },
  };
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it aborts. The abandoned
 * promise keeps running (JavaScript cannot stop it) but its outcome is ignored.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(NOOP);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

export { sleep } from "../client/sleep.js";
