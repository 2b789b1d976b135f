/**
 * @module The bounds of every request: how long a string, how many values in a filter list, how
 * many rows a page. Request schemas use these names so a bound is chosen once and documented here;
 * the server-wide ones (body size, JSON depth) are settings (`STEWARD_SERVER_MAX_BODY_BYTES`,
 * `STEWARD_SERVER_MAX_JSON_DEPTH`).
 */
import { z } from "zod";

/** Longest name in a filter (flow, run, deployment, pool, queue, state names): as long as a create allows. */
export const MAX_NAME_LENGTH = 200;

/**
 * Longest `like_` pattern. Longer patterns match nothing useful and SQLite refuses patterns over
 * 50,000 bytes ("LIKE or GLOB pattern too complex"), so they are refused up front with a 422.
 */
export const MAX_LIKE_LENGTH = 500;

/** Most values in one `any_` / `not_any_` / `all_` list of a filter. */
export const MAX_FILTER_VALUES = 1000;

/** Longest tag. */
export const MAX_TAG_LENGTH = 256;

/** Largest `limit` of a filter request: 200, as in Prefect (`PREFECT_SERVER_API_DEFAULT_LIMIT`). */
export const MAX_LIMIT = 200;

/** Largest `offset` of a filter request (deeper pages are read with narrower filters). */
export const MAX_OFFSET = 1_000_000;

/** A name inside a filter. */
export const FilterName = z.string().max(MAX_NAME_LENGTH);

/** A `like_` pattern. */
export const LikePattern = z.string().max(MAX_LIKE_LENGTH);

/** A list of filter values of `item`. */
export function filterValues<T extends z.ZodType>(item: T) {
  return z.array(item).max(MAX_FILTER_VALUES);
}

/** Longest label key of a flow, run, task run or deployment. */
export const MAX_LABEL_KEY_LENGTH = 200;

/** Longest string label value. */
export const MAX_LABEL_VALUE_LENGTH = 1000;

/** Most labels on one flow, run, task run or deployment; also most labels in a trigger's resource spec. */
export const MAX_LABELS = 100;

/**
 * Longest key of a free-form JSON object (parameters, context, job variables, a pool's
 * `job_configuration`, `task_inputs`). The objects themselves are bounded by the body size and
 * JSON depth settings.
 */
export const MAX_JSON_KEY_LENGTH = 1000;

/** Longest IANA time zone name (the longest real one is about 32 characters). */
export const MAX_TIMEZONE_LENGTH = 64;

/** Longest free text in a typed field (a state message an automation sets, …). */
export const MAX_TEXT_LENGTH = 10_000;

/** Longest file system path or repository address (pull steps). */
export const MAX_PATH_LENGTH = 4096;

/** Longest git branch, tag or commit (pull steps). */
export const MAX_GIT_REF_LENGTH = 256;

/** Longest shell script of a `run_shell_script` pull step. */
export const MAX_SCRIPT_LENGTH = 100_000;

/** Most pull steps of a deployment. */
export const MAX_PULL_STEPS = 50;

/**
 * Most schedules sent with one deployment: the largest `STEWARD_SERVER_SCHEDULER_MAX_SCHEDULES`
 * allows (the setting then enforces the configured number).
 */
export const MAX_SCHEDULES = 1000;

/**
 * Longest span in seconds anywhere a request gives one (schedule interval, retry delay, trigger
 * window, history bucket): 366 days.
 */
export const MAX_SECONDS = 366 * 86_400;

/** Largest `retry_jitter_factor` of a task run (a multiple of its retry delay). */
export const MAX_JITTER_FACTOR = 10;

/** Longest duration text (`"90s"`, `"PT5M"`). */
export const MAX_DURATION_TEXT_LENGTH = 64;

/** Most entries in a list of a trigger (`after`, `expect`, `for_each`, `match_related`, a label's values). */
export const MAX_TRIGGER_LIST = 100;

/** Longest event name or pattern a trigger names (as an event's name: 1,024). */
export const MAX_EVENT_NAME_LENGTH = 1024;

/** Longest resource label key a trigger matches on, and longest resource id (as an event's: 1,024). */
export const MAX_RESOURCE_LABEL_KEY_LENGTH = 1024;

/** Longest resource label value a trigger matches on (as an event's: 10,000). */
export const MAX_RESOURCE_LABEL_VALUE_LENGTH = 10_000;

/** Most headers of a webhook call or notification. */
export const MAX_HEADERS = 50;

/** Longest header name. */
export const MAX_HEADER_NAME_LENGTH = 256;

/** Longest header value. */
export const MAX_HEADER_VALUE_LENGTH = 8192;

/** Most task inputs listed for one parameter of a task run. */
export const MAX_TASK_INPUTS = 1000;

/**
 * A string capped at `max` when `bounded`, else uncapped: request schemas cap, the response
 * schemas built from the same fields do not (a value stored before a cap must stay readable).
 */
export function cappedString(bounded: boolean, max: number): z.ZodString {
  return bounded ? z.string().max(max) : z.string();
}

/** A record of at most `max` entries. */
export function maxEntries<T extends z.ZodType<Record<string, unknown>>>(
  record: T,
  max: number,
  what: string,
) {
  return record.refine((value) => Object.keys(value).length <= max, {
    message: `at most ${max} ${what}`,
  });
}
