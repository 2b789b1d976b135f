import { STATE_TYPES, type StateType } from "../states.js";
import type { Decision, PolicyChanges, RuleRun, RuleState } from "./types.js";

/**
 * What a transition rule sees. `run.policy` and `run.runCount` already include the changes of the
 * rules that ran before it, and `proposed` is the proposal as those rules left it.
 */
export interface RuleContext {
  readonly run: RuleRun;
  readonly initial: RuleState;
  readonly proposed: RuleState;
  readonly now: number;
  readonly random: () => number;
}

/** What a rule for a run without any state sees. */
export interface FirstStateContext {
  readonly run: RuleRun;
  readonly proposed: RuleState;
  readonly now: number;
}

/**
 * A rule's change to the proposal that lets the remaining rules run: a renamed or amended state,
 * policy changes, or a new run count for the rules that follow (the task terminal rule resets it).
 */
export interface Amend {
  readonly status: "AMEND";
  readonly proposed?: RuleState;
  readonly policy?: PolicyChanges;
  readonly runCount?: number;
}

/** A rule answers with a final decision, an amendment, or `undefined` when it has nothing to say. */
export type RuleResult = Decision | Amend | undefined;

/** The state types a rule fires on: every type, or a set of them. */
export type StateFilter = "any" | ReadonlySet<StateType>;

/** A rule that fires when the run's current type is in `from` and the proposed type in `to`. */
export interface TransitionRule {
  readonly name: string;
  readonly from: StateFilter;
  readonly to: StateFilter;
  readonly apply: (ctx: RuleContext) => RuleResult;
}

/** A rule that fires only for runs that have no state yet. */
export interface FirstStateRule {
  readonly name: string;
  readonly from: "none";
  readonly apply: (ctx: FirstStateContext) => RuleResult;
}

/** One orchestration rule; a policy is an ordered list of them. */
export type Rule = TransitionRule | FirstStateRule;

/** Every state type, for rules declared on "any state except …". */
export const ALL_STATES: ReadonlySet<StateType> = new Set(STATE_TYPES);

/** The set of `types`, for readable FROM / TO declarations. */
export function states(...types: StateType[]): ReadonlySet<StateType> {
  return new Set(types);
}

/** Every state type except `excluded`. */
export function allStatesExcept(...excluded: StateType[]): ReadonlySet<StateType> {
  return new Set(STATE_TYPES.filter((type) => !excluded.includes(type)));
}

/** True when `type` passes `filter`. */
export function matchesFilter(filter: StateFilter, type: StateType): boolean {
  return filter === "any" || filter.has(type);
}

/** Let the remaining rules run with these changes. */
export function amend(changes: Omit<Amend, "status">): Amend {
  return { status: "AMEND", ...changes };
}

/** Write `state`, or (with null) nothing, answering with the current state. */
export function reject(state: RuleState | null, reason: string, policy?: PolicyChanges): Decision {
  return policy ? { status: "REJECT", state, reason, policy } : { status: "REJECT", state, reason };
}

/** Tell the client to give up on this transition. */
export function abort(reason: string): Decision {
  return { status: "ABORT", reason };
}

/** Tell the client to propose again after `delaySeconds`. */
export function wait(delaySeconds: number, reason: string): Decision {
  return { status: "WAIT", delaySeconds, reason };
}
