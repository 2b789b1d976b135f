/**
 * @module Turns zod's issues into the `VALIDATION_FAILED` answer: one `{ path, message }` per
 * issue in `details`, and a message that names the offending fields so a person can fix the call
 * without reading the details.
 */
import type { z } from "zod";
import { StewardError } from "../../core/errors.js";

/** One field error, as listed in a VALIDATION_FAILED answer's `details`. */
export interface FieldIssue {
  /** Where in the input, e.g. `flow_runs.state.type.any_[0]`; empty for the input as a whole. */
  readonly path: string;
  readonly message: string;
}

/** How many issues the message spells out; `details` always lists them all. */
const ISSUES_IN_MESSAGE = 3;

/** `["flow_runs", "state", "any_", 0]` → `flow_runs.state.any_[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** The field issues of a failed parse. */
export function fieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    // One issue per unknown key, at the key's own path (`flow_runs.nmae`), so the answer names it.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          message: "is not a known field; check its spelling (/docs lists the fields)",
        }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}

/**
 * Parses `value` with `schema`, throwing VALIDATION_FAILED (422) that names each bad field.
 * `what` says which part of the request it was, e.g. "request body" or "query string".
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error);
  throw new StewardError("VALIDATION_FAILED", describeIssues(issues, what), { details: issues });
}

/** The message of a VALIDATION_FAILED answer: the first issues, and how to fix them. */
export function describeIssues(issues: readonly FieldIssue[], what: string): string {
  const shown = issues
    .slice(0, ISSUES_IN_MESSAGE)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  const more = issues.length > ISSUES_IN_MESSAGE ? ` (and ${issues.length - ISSUES_IN_MESSAGE} more)` : "";
  return `Invalid ${what}: ${shown.join("; ")}${more}. Fix the listed fields and retry; /docs shows the expected shape.`;
}
