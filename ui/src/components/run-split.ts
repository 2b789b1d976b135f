/**
 * @module Past and upcoming runs as the URL and the API say them, without React: the view a list
 * shows (`?view=upcoming`) and the API filter of each (components/run-views.tsx uses them).
 */
import type { FlowRunFilter } from "../../../src/api/filters.js";

/** Which runs a list shows: those that started or were due, or those still to come. */
export type RunsWhen = "past" | "upcoming";

/** The URL parameter that keeps a list's view (`?view=upcoming`); past is the default. */
export const VIEW_PARAM = "view";

/** `?view=` read forgivingly: anything but "upcoming" (any case) is the default view. */
export function parseRunsWhen(value: string | null): RunsWhen {
  return value?.trim().toLowerCase() === "upcoming" ? "upcoming" : "past";
}

/** The API filter of a view, seen at `at` (ISO). */
export function whenFilter(when: RunsWhen, at: string): FlowRunFilter {
  return { upcoming: { eq_: when === "upcoming", at_: at } };
}
