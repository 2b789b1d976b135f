/**
 * Errors the SDK throws into user code. Each has a stable `name`, and `instanceof` works across two
 * copies of the package (the CLI runs from `dist/` while a test may run from `src/`): a class checks
 * a `Symbol.for` marker rather than its own prototype chain.
 */

const MARK = Symbol.for("steward.sdk.error");

type Marked = { [MARK]?: string };

/**
 * Makes `value instanceof base` also true for instances of `base` made by another copy of the
 * package (recognised by their marker). Subclasses of `base` keep the plain prototype check.
 */
function crossCopyInstanceOf(base: abstract new (...args: never[]) => Error): void {
  Object.defineProperty(base, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
      return (
        this === base && typeof value === "object" && value !== null && (value as Marked)[MARK] === base.name
      );
    },
  });
}

/** One field that failed validation: where it is and what was wrong. */
export interface ParameterIssue {
  /** Dotted path of the field, e.g. `address.city`; empty for the parameters object itself. */
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown by calling a flow whose parameters do not match its `parameters` schema. The flow function
 * never runs; when tracked, the run is created and set FAILED with the same message.
 *
 * @example
 * try {
 *   await hello({ name: 42 });
 * } catch (error) {
 *   if (error instanceof ParameterValidationError) console.error(error.issues);
 * }
 */
export class ParameterValidationError extends Error {
  override readonly name = "ParameterValidationError";
  readonly code = "INVALID_PARAMETERS";
  /** Name of the flow whose parameters were invalid. */
  readonly flowName: string;
  readonly issues: readonly ParameterIssue[];

  constructor(flowName: string, issues: readonly ParameterIssue[]) {
    const list = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    super(`Invalid parameters for flow "${flowName}": ${list.join("; ")}`);
    this.flowName = flowName;
    this.issues = issues;
    (this as Marked)[MARK] = "ParameterValidationError";
  }
}
crossCopyInstanceOf(ParameterValidationError);

/**
 * Thrown when a flow or task runs longer than its `timeoutSeconds`. The run ends FAILED with the
 * state name "TimedOut" (a timed-out attempt is retried like any other failure).
 */
export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
  readonly timeoutSeconds: number;

  constructor(what: string, timeoutSeconds: number) {
    super(
      `${what} exceeded its timeout of ${timeoutSeconds} s. Raise \`timeoutSeconds\` if it needs longer, or make it faster.`,
    );
    this.timeoutSeconds = timeoutSeconds;
    (this as Marked)[MARK] = "TimeoutError";
  }
}
crossCopyInstanceOf(TimeoutError);

/**
 * Thrown when the flow run was cancelled (e.g. `steward flow-run cancel`): the flow call rejects
 * with it, and so does every task started after the cancellation was seen.
 */
export class CancelledError extends Error {
  override readonly name = "CancelledError";

  constructor(message: string) {
    super(message);
    (this as Marked)[MARK] = "CancelledError";
  }
}
crossCopyInstanceOf(CancelledError);

/**
 * Thrown when the API aborts the run's transition to RUNNING (for example the run is already
 * running elsewhere, or already finished): the flow function is not run.
 */
export class AbortError extends Error {
  override readonly name = "AbortError";

  constructor(message: string) {
    super(message);
    (this as Marked)[MARK] = "AbortError";
  }
}
crossCopyInstanceOf(AbortError);

/** Thrown by `getRunContext()` outside a flow or task run. */
export class MissingContextError extends Error {
  override readonly name = "MissingContextError";

  constructor(message: string) {
    super(message);
    (this as Marked)[MARK] = "MissingContextError";
  }
}
crossCopyInstanceOf(MissingContextError);
