/** @module An enabled automation as the engine holds it: its definition and its trigger's evaluator. */
import type { Automation } from "../../api/automations.js";
import { type StateChange, TriggerEvaluator } from "../../core/automations/index.js";
import { compileTrigger } from "./compile-trigger.js";

/** See the module comment. */
export interface LoadedAutomation {
  readonly automation: Automation;
  /** `automation.updated` in epoch ms: stored entries written for another definition are stale. */
  readonly updated: number;
  readonly evaluator: TriggerEvaluator;
}

/** Compiles the automation's trigger and restores its stored state. Throws for a bad definition. */
export function loadAutomation(automation: Automation, entries: readonly StateChange[]): LoadedAutomation {
  return {
    automation,
    updated: Date.parse(automation.updated),
    evaluator: new TriggerEvaluator(compileTrigger(automation.trigger), entries),
  };
}
