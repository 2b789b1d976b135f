/**
 * @module The whole automation form's state, and the request body it makes: from the guided
 * fields, or from the JSON text of JSON mode, checked with the API's own schema so most mistakes
 * show beside the form before a request is sent.
 */
import type { z } from "zod";
import { type Automation, AutomationCreate } from "../../../../src/api/automations.js";
import { type ActionDraft, actionDraftOf, newActionDraft, toAction } from "./action-draft.js";
import { newTriggerDraft, toTrigger, type TriggerDraft, triggerProblems } from "./trigger-draft.js";
import { recogniseTrigger } from "./trigger-recognise.js";

/** What the form holds. */
export interface AutomationDraft {
  name: string;
  description: string;
  enabled: boolean;
  trigger: TriggerDraft;
  actions: ActionDraft[];
  /** Kept from the saved automation: the form does not edit them. */
  tags: string[];
  ownerResource: string | null;
}

/** The body of POST / PUT `/automations`. */
export type AutomationBody = z.input<typeof AutomationCreate>;

/** Every problem found: per guided field, per action, and those of the JSON as a whole. */
export interface DraftProblems {
  name?: string;
  trigger: Record<string, string>;
  actions: Record<string, string>[];
  /** `path: message` lines from the schema (JSON mode, or what the guided checks let through). */
  other: string[];
}

/** A new automation: when a flow run fails or crashes, do nothing (the firing is recorded). */
export function newAutomationDraft(): AutomationDraft {
  return {
    name: "",
    description: "",
    enabled: true,
    trigger: newTriggerDraft(),
    actions: [newActionDraft("do-nothing")],
    tags: [],
    ownerResource: null,
  };
}

/** The form's state for a saved automation; null when its trigger needs JSON mode. */
export function draftOf(automation: Automation): AutomationDraft | null {
  const trigger = recogniseTrigger(automation.trigger);
  if (!trigger) return null;
  return {
    name: automation.name,
    description: automation.description,
    enabled: automation.enabled,
    trigger,
    actions: automation.actions.map(actionDraftOf),
    tags: automation.tags,
    ownerResource: automation.owner_resource,
  };
}

/** The JSON mode text of a saved automation: the fields of a PUT, without ids and times. */
export function jsonOf(automation: Pick<Automation, keyof AutomationBody>): string {
  const { name, description, enabled, tags, trigger, actions, owner_resource } = automation;
  return JSON.stringify({ name, description, enabled, tags, trigger, actions, owner_resource }, null, 2);
}

function hasProblems(problems: DraftProblems): boolean {
  return (
    problems.name !== undefined ||
    Object.keys(problems.trigger).length > 0 ||
    problems.actions.some((action) => Object.keys(action).length > 0) ||
    problems.other.length > 0
  );
}

function schemaIssues(body: unknown): { body?: AutomationBody; issues: string[] } {
  const parsed = AutomationCreate.safeParse(body);
  if (parsed.success) return { body: body as AutomationBody, issues: [] };
  return {
    issues: parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message,
    ),
  };
}

/** The request body of the guided form, or the problems that keep it from being sent. */
export function bodyOfDraft(draft: AutomationDraft): { body?: AutomationBody; problems: DraftProblems } {
  const results = draft.actions.map(toAction);
  const problems: DraftProblems = {
    ...(draft.name.trim() === "" && { name: "Give the automation a name" }),
    trigger: triggerProblems(draft.trigger),
    actions: results.map((result) => ({ ...result.problems })),
    other: [],
  };
  if (draft.actions.length === 0) problems.other.push("Add at least one action");
  if (hasProblems(problems)) return { problems };
  const candidate = {
    name: draft.name.trim(),
    description: draft.description,
    enabled: draft.enabled,
    tags: draft.tags,
    trigger: toTrigger(draft.trigger),
    actions: results.map((result) => result.action),
    owner_resource: draft.ownerResource,
  };
  const { body, issues } = schemaIssues(candidate);
  problems.other = issues;
  return body ? { body, problems } : { problems };
}

/** The request body of JSON mode, or what is wrong with the text. */
export function bodyOfJson(text: string): { body?: AutomationBody; problems: DraftProblems } {
  const problems: DraftProblems = { trigger: {}, actions: [], other: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    problems.other.push(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return { problems };
  }
  const { body, issues } = schemaIssues(value);
  problems.other = issues;
  return body ? { body, problems } : { problems };
}

/** The guided form's state for JSON text (to switch back from JSON mode); null when it cannot. */
export function draftOfBody(body: AutomationBody): AutomationDraft | null {
  const parsed = AutomationCreate.parse(body);
  return draftOf({ ...parsed, id: "", created: "", updated: "" });
}
