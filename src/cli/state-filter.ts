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
