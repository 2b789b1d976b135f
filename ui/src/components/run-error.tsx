/**
 * @module The error panel of a failed or crashed run: the exception's type, its message and its
 * stack, read from the final state. A flow run's FAILED state carries `{ error: { name, message,
 * stack } }` (the SDK's errorData); other states — CRASHED, a task run's failure — carry a message,
 * and the panel shows what there is.
 */
import type { State } from "../../../src/api/states.js";

/** What is known about the error that ended a run. */
export interface RunError {
  /** The exception's type ("TypeError"), when recorded. */
  readonly type: string | null;
  readonly message: string;
  readonly stack: string | null;
}

const ENDED_BADLY = new Set(["FAILED", "CRASHED"]);

/** The error recorded on `state`, or null when the state is not a failure. */
export function runError(state: State | null | undefined): RunError | null {
  if (!state || !ENDED_BADLY.has(state.type)) return null;
  const recorded = recordedError(state.data);
  if (recorded) return recorded;
  return { type: null, message: state.message ?? "No message was recorded.", stack: null };
}

function recordedError(data: unknown): RunError | null {
  if (typeof data !== "object" || data === null || !("error" in data)) return null;
  const error = (data as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return null;
  const { name, message, stack } = error as Record<string, unknown>;
  if (typeof message !== "string") return null;
  return {
    type: typeof name === "string" && name ? name : null,
    message,
    stack: typeof stack === "string" && stack ? stack : null,
  };
}

/** The panel at the top of a failed run's page; nothing when the run did not fail. */
export function RunErrorPanel({ state, noun }: { state: State | null | undefined; noun: string }) {
  const error = runError(state);
  if (!state || !error) return null;
  const crashed = state.type === "CRASHED";
  return (
    <section className="card run-error" aria-labelledby="run-error-title" data-testid="run-error">
      <h2 id="run-error-title" className="run-error-title">
        {crashed ? `The ${noun} crashed` : `The ${noun} failed`}
        {error.type && (
          <>
            {" with "}
            <code data-testid="run-error-type">{error.type}</code>
          </>
        )}
      </h2>
      <pre className="run-error-message" data-testid="run-error-message">
        {error.message}
      </pre>
      {error.stack ? (
        <details className="run-error-stack" open>
          <summary>Stack trace</summary>
          {/* A Tab stop and a named region: a long stack scrolls sideways on a phone. */}
          <pre data-testid="run-error-stack" role="region" aria-label="Stack trace" tabIndex={0}>
            {error.stack}
          </pre>
        </details>
      ) : (
        <p className="muted small" data-testid="run-error-no-stack">
          {crashed
            ? "A crash has no stack trace: the process ended without reporting an error. The logs may say why."
            : "No stack trace was recorded for this error; the logs may have more."}
        </p>
      )}
    </section>
  );
}
