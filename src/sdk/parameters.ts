import type { z } from "zod";
import { type ParameterIssue, ParameterValidationError } from "./errors.js";

/** A zod schema for a flow's parameters: an object schema (`z.object({...})`). */
export type ParametersSchema = z.ZodType<Record<string, unknown>>;

/**
 * Validates a flow's parameters before its run starts: with a schema, parses `raw` (defaults
 * applied, values coerced as the schema says); without one, accepts a plain object or nothing.
 *
 * @throws ParameterValidationError listing each bad field.
 */
export async function validateParameters(
  flowName: string,
  schema: ParametersSchema | undefined,
  raw: unknown,
): Promise<Record<string, unknown>> {
  const input = raw === undefined ? {} : raw;
  if (!schema) {
    if (isPlainObject(input)) return input;
    throw new ParameterValidationError(flowName, [
      { path: "", message: `expected an object of parameters, received ${describeType(input)}` },
    ]);
  }
  const parsed = await schema.safeParseAsync(input);
  if (parsed.success) return parsed.data;
  throw new ParameterValidationError(flowName, parsed.error.issues.map(toIssue));
}

function toIssue(issue: z.core.$ZodIssue): ParameterIssue {
  return {
    path: issue.path.map(String).join("."),
    // zod prefixes type errors with "Invalid input: "; the field path already says where.
    message: issue.message.replace(/^Invalid input: /, ""),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
