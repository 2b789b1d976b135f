/** @module Reading the options of `steward events …` into API shapes, with errors that say what to do. */
import type { EventFilter } from "../../api/events.js";
import { EventFilter as EventFilterSchema } from "../../api/events.js";
import { parseDuration } from "../../core/durations.js";
import { splitAssignment } from "../args.js";
import { UsageError } from "../errors.js";

/** Parses a JSON option; `example` shows what is expected. */
export function parseJsonOption(option: string, text: string, example: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${option} is not valid JSON (${(error as Error).message}). Example: ${option} '${example}'`,
    );
  }
}

/** A JSON object option, such as `--payload`. */
export function parseObjectOption(option: string, text: string, example: string): Record<string, unknown> {
  const value = parseJsonOption(option, text, example);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${option} must be a JSON object. Example: ${option} '${example}'`);
  }
  return value as Record<string, unknown>;
}

/** `--resource k=v` labels, with `--resource-id` as `steward.resource.id`. */
export function resourceLabels(
  resourceId: string,
  assignments: readonly string[] = [],
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const text of assignments) {
    const [key, value] = splitAssignment(text, "--resource");
    labels[key] = value;
  }
  labels["steward.resource.id"] = resourceId;
  return labels;
}

const RELATED_EXAMPLE = '{"steward.resource.id": "customer.42", "steward.resource.role": "customer"}';

/** One `--related JSON` value: labels with an id and a role, all strings. */
export function parseRelated(text: string): Record<string, string> {
  const value = parseObjectOption("--related", text, RELATED_EXAMPLE);
  const labels: Record<string, string> = {};
  for (const [key, label] of Object.entries(value)) {
    if (typeof label !== "string") throw new UsageError(`--related label "${key}" must be a string.`);
    labels[key] = label;
  }
  if (!labels["steward.resource.id"] || !labels["steward.resource.role"]) {
    throw new UsageError(
      `--related needs "steward.resource.id" and "steward.resource.role". Example: --related '${RELATED_EXAMPLE}'`,
    );
  }
  return labels;
}

/** `--since 1h` (a duration back from now) or an ISO time, as an ISO time. */
export function parseSince(text: string, now = Date.now()): string {
  const iso = Date.parse(text);
  if (/^\d{4}-\d\d-\d\d/.test(text) && !Number.isNaN(iso)) return new Date(iso).toISOString();
  try {
    return new Date(now - parseDuration(text)).toISOString();
  } catch {
    throw new UsageError(
      `--since ${JSON.stringify(text)} is neither a duration (30m, 1h, 2d) nor an ISO time.`,
    );
  }
}

/** What `events ls` and `events stream` filter by. */
export interface FilterOptions {
  filter?: string;
  name?: string[];
  prefix?: string[];
  excludePrefix?: string[];
  resourceId?: string[];
  since?: string;
}

const FILTER_EXAMPLE = '{"event": {"name": ["steward.flow-run.*"]}}';

/**
 * The event filter of `--filter`, `--name`, `--prefix`, `--exclude-prefix`, `--resource-id` and
 * `--since` (the flags win).
 */
export function buildFilter(options: FilterOptions): EventFilter {
  const base =
    options.filter === undefined ? {} : parseJsonOption("--filter", options.filter, FILTER_EXAMPLE);
  const parsed = EventFilterSchema.safeParse(base);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`,
    );
    throw new UsageError(
      `--filter is not an event filter (${issues.join("; ")}). Example: --filter '${FILTER_EXAMPLE}'`,
    );
  }
  const filter: EventFilter = { ...parsed.data };
  if (options.name?.length) filter.event = { ...filter.event, name: options.name };
  if (options.prefix?.length) filter.event = { ...filter.event, prefix: options.prefix };
  if (options.excludePrefix?.length)
    filter.event = { ...filter.event, exclude_prefix: options.excludePrefix };
  if (options.resourceId?.length) filter.resource = { ...filter.resource, id: options.resourceId };
  if (options.since !== undefined) filter.occurred = { ...filter.occurred, since: parseSince(options.since) };
  return filter;
}
