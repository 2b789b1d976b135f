/** @module An automation's trigger, as the wire gives it, compiled for the pure evaluator. */
import { durationSeconds, type Trigger } from "../../api/automations.js";
import type { CompiledTrigger } from "../../core/automations/index.js";

/** Root path of every automation's trigger tree; children are `t.0`, `t.1`, `t.0.2`, … */
export const ROOT_TRIGGER_PATH = "t";

/** Durations in milliseconds, `match_related` as a list, `require` as a count. */
export function compileTrigger(trigger: Trigger, path = ROOT_TRIGGER_PATH): CompiledTrigger {
  if (trigger.type === "event") {
    const related = trigger.match_related;
    return {
      type: "event",
      path,
      match: trigger.match,
      matchRelated: Array.isArray(related) ? related : [related],
      after: trigger.after,
      expect: trigger.expect,
      forEach: trigger.for_each,
      posture: trigger.posture,
      threshold: trigger.threshold,
      withinMs: Math.round(durationSeconds(trigger.within) * 1000),
    };
  }
  const children = trigger.triggers.map((child, index) => compileTrigger(child, `${path}.${index}`));
  const within = trigger.within === null ? null : Math.round(durationSeconds(trigger.within) * 1000);
  let required = children.length;
  if (trigger.type === "compound" && trigger.require === "any") required = 1;
  else if (trigger.type === "compound" && typeof trigger.require === "number") {
    required = Math.min(trigger.require, children.length);
  }
  return { type: trigger.type, path, children, required, withinMs: within };
}
