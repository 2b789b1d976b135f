import type { ApiError } from "../../client/errors.js";
import { CliError } from "../errors.js";

/** One field problem as the API lists it in an error's `details`. */
interface Issue {
  readonly path: string;
  readonly message: string;
}

/**
 * The field problems in an API error's `details`: `[{path, message}]` (VALIDATION_FAILED and the
 * job-variable / parameter checks), or `{issues: [...]}`; empty when there are none.
 */
function apiIssues(details: unknown): Issue[] {
  const list = Array.isArray(details)
    ? details
    : (details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    const { path, message } = (item ?? {}) as { path?: unknown; message?: unknown };
    if (typeof message !== "string") return [];
    const where = Array.isArray(path) ? path.join(".") : typeof path === "string" ? path : "";
    return [{ path: where, message }];
  });
}

/** The field problems of an API error's `details`, one `  - path: message` line each. */
export function issueLines(details: unknown): string[] {
  return apiIssues(details).map((issue) => `  - ${issue.path ? `${issue.path}: ` : ""}${issue.message}`);
}

/**
 * A CLI error for a rejected request that prints each field problem on its own line:
 *
 * ```
 * error: <what> (422 INVALID_PARAMETERS): <the API's message>
 *   - n: expected number, received string
 * <hint>
 * ```
 */
export function issuesError(error: ApiError, what: string, hint: string): CliError {
  const lines = issueLines(error.details);
  const head = `${what} (${error.status} ${error.code}): ${error.message}`;
  return new CliError([head, ...lines, hint].join("\n"), undefined, { cause: error });
}
