/** Stable, machine-readable error codes. Clients switch on these, never on messages. */
export const ErrorCode = {
  VALIDATION_FAILED: "VALIDATION_FAILED",
  MALFORMED_JSON: "MALFORMED_JSON",
  BODY_TOO_LARGE: "BODY_TOO_LARGE",
  NOT_FOUND: "NOT_FOUND",
  ROUTE_NOT_FOUND: "ROUTE_NOT_FOUND",
  FLOW_NOT_FOUND: "FLOW_NOT_FOUND",
  FLOW_RUN_NOT_FOUND: "FLOW_RUN_NOT_FOUND",
  TASK_RUN_NOT_FOUND: "TASK_RUN_NOT_FOUND",
  STATE_NOT_FOUND: "STATE_NOT_FOUND",
  CONFLICT: "CONFLICT",
  WORK_POOL_NOT_FOUND: "WORK_POOL_NOT_FOUND",
  WORK_QUEUE_NOT_FOUND: "WORK_QUEUE_NOT_FOUND",
  WORKER_NOT_FOUND: "WORKER_NOT_FOUND",
  DEPLOYMENT_NOT_FOUND: "DEPLOYMENT_NOT_FOUND",
  SCHEDULE_NOT_FOUND: "SCHEDULE_NOT_FOUND",
  UNKNOWN_WORKER_TYPE: "UNKNOWN_WORKER_TYPE",
  INVALID_JOB_TEMPLATE: "INVALID_JOB_TEMPLATE",
  INVALID_JOB_VARIABLES: "INVALID_JOB_VARIABLES",
  INVALID_PARAMETERS: "INVALID_PARAMETERS",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  API_UNREACHABLE: "API_UNREACHABLE",
  INTERNAL: "INTERNAL",
  CONFIG_INVALID: "CONFIG_INVALID",
  PROFILE_NOT_FOUND: "PROFILE_NOT_FOUND",
  ENTRYPOINT_INVALID: "ENTRYPOINT_INVALID",
  EVENT_NOT_FOUND: "EVENT_NOT_FOUND",
  WEBHOOK_NOT_FOUND: "WEBHOOK_NOT_FOUND",
  AUTOMATION_NOT_FOUND: "AUTOMATION_NOT_FOUND",
  INVALID_INPUT: "INVALID_INPUT",
  INSUFFICIENT_STORAGE: "INSUFFICIENT_STORAGE",
  API_KEY_NOT_FOUND: "API_KEY_NOT_FOUND",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  CSRF_FAILED: "CSRF_FAILED",
  USER_NOT_FOUND: "USER_NOT_FOUND",
  USER_NAME_TAKEN: "USER_NAME_TAKEN",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The HTTP status each code travels with. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 422,
  MALFORMED_JSON: 400,
  BODY_TOO_LARGE: 413,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  FLOW_NOT_FOUND: 404,
  FLOW_RUN_NOT_FOUND: 404,
  TASK_RUN_NOT_FOUND: 404,
  STATE_NOT_FOUND: 404,
  CONFLICT: 409,
  WORK_POOL_NOT_FOUND: 404,
  WORK_QUEUE_NOT_FOUND: 404,
  WORKER_NOT_FOUND: 404,
  DEPLOYMENT_NOT_FOUND: 404,
  SCHEDULE_NOT_FOUND: 404,
  UNKNOWN_WORKER_TYPE: 422,
  INVALID_JOB_TEMPLATE: 422,
  INVALID_JOB_VARIABLES: 422,
  INVALID_PARAMETERS: 422,
  SERVICE_UNAVAILABLE: 503,
  API_UNREACHABLE: 503,
  INTERNAL: 500,
  CONFIG_INVALID: 400,
  PROFILE_NOT_FOUND: 404,
  ENTRYPOINT_INVALID: 400,
  EVENT_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  AUTOMATION_NOT_FOUND: 404,
  INVALID_INPUT: 400,
  INSUFFICIENT_STORAGE: 507,
  API_KEY_NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TOO_MANY_REQUESTS: 429,
  CSRF_FAILED: 403,
  USER_NOT_FOUND: 404,
  USER_NAME_TAKEN: 409,
};

/**
 * The one error type Steward throws on purpose. `code` is stable; `message` is for people and
 * says what went wrong and what to do; `details` carries structured context (e.g. field errors).
 */
export class StewardError extends Error {
  override readonly name = "StewardError";
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  /** The HTTP status for this error's code. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** True when `value` is a StewardError (also across module copies, by duck typing). */
export function isStewardError(value: unknown): value is StewardError {
  return (
    value instanceof StewardError ||
    (value instanceof Error && value.name === "StewardError" && "code" in value)
  );
}
