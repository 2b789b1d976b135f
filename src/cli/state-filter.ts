import type { z } from "zod";
import type { StateFilter } from "../api/filters.js";
import { defaultStateName, STATE_TYPES, StateName, type StateType } from "../core/states.js";

/** `--state` values split into state types (RUNNING) and state names (Late). */
export interface StateSelection {
  readonly types: StateType[];
  readonly names: string[];
  /** Values that are neither a type nor a well-known name; used as custom state names. */
  readonly unrecognised: string[];
}

// Names the orchestration rules and workers give states, beyond each type's default name.
const KNOWN_NAMES: readonly string[] = [
  ...Object.values(StateName),
  "Suspended",
  "AwaitingConcurrencySlot",
  "Submitting",
  "InfrastructurePending",
];

/**
 * Reads `--state` values case-insensitively: a state type (`running`, `COMPLETED`) selects every
 * state of that type; anything else is a state name (`late` → `Late`), so users need not remember
 * which words are types and which are names.
 */
export function parseStateSelection(values: readonly string[]): StateSelection {
  const types = new Set<StateType>();
  const names = new Set<string>();
  const unrecognised: string[] = [];
  for (const value of values) {
    const type = STATE_TYPES.find((t) => t === value.trim().toUpperCase());
    if (type) {
      types.add(type);
      continue;
    }
    const known = [...KNOWN_NAMES, ...STATE_TYPES.map(defaultStateName)].find(
      (name) => name.toLowerCase() === value.trim().toLowerCase(),
    );
    if (!known) unrecognised.push(value);
    names.add(known ?? value.trim());
  }
  return { types: [...types], names: [...names], unrecognised };
}

/** The state types and well-known names, for help texts and hints. */
export function describeStateChoices(): string {
  return `types ${STATE_TYPES.join(", ")} or names such as ${KNOWN_NAMES.slice(0, 4).join(", ")}`;
}

/**
 * The run filters of a selection, one per kind: `--state RUNNING --state Late` means "either",
 * while the API ANDs a type and a name, so types and names are asked for separately (and the
 * answers merged). No `--state` gives one filter that matches every run.
 */
export function stateFilters(selection: StateSelection): Array<{ state?: z.infer<typeof StateFilter> }> {
  const filters: Array<{ state?: z.infer<typeof StateFilter> }> = [];
  if (selection.types.length) filters.push({ state: { type: { any_: selection.types } } });
  if (selection.names.length) filters.push({ state: { name: { any_: selection.names } } });
  return filters.length ? filters : [{}];
}
