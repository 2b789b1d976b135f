/**
 * @module The guided form's actions: one flat set of text fields per action, turned into an API
 * `Action` (with a message per field that is wrong) and back. Settings the form does not show
 * (retries, timeouts, a notification's headers) are carried over unchanged from the saved action.
 */
import type { Action, ActionType } from "../../../../src/api/automations.js";
import type { StateType } from "../../../../src/core/states.js";

/** The action types, in the order the form offers them, with their labels. */
export const ACTION_TYPES: readonly { id: ActionType; label: string }[] = [
  { id: "run-deployment", label: "Run a deployment" },
  { id: "pause-deployment", label: "Pause a deployment" },
  { id: "resume-deployment", label: "Resume a deployment" },
  { id: "pause-work-pool", label: "Pause a work pool" },
  { id: "resume-work-pool", label: "Resume a work pool" },
  { id: "pause-work-queue", label: "Pause a work queue" },
  { id: "resume-work-queue", label: "Resume a work queue" },
  { id: "pause-automation", label: "Pause an automation" },
  { id: "resume-automation", label: "Resume an automation" },
  { id: "cancel-flow-run", label: "Cancel the flow run" },
  { id: "change-flow-run-state", label: "Change the flow run's state" },
  { id: "delete-flow-run", label: "Delete the flow run" },
  { id: "call-webhook", label: "Call a webhook" },
  { id: "send-notification", label: "Send a notification" },
  { id: "do-nothing", label: "Do nothing (only record the firing)" },
];

/** State types an action can move a flow run to. */
export const STATE_TYPES: readonly StateType[] = [
  "SCHEDULED",
  "PENDING",
  "RUNNING",
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "CRASHED",
  "PAUSED",
  "CANCELLING",
];

/** Every field of every action type as text; only the chosen type's fields are read. */
export interface ActionDraft {
  type: ActionType;
  source: "selected" | "inferred";
  deploymentId: string;
  poolName: string;
  queueName: string;
  automationId: string;
  parameters: string;
  jobVariables: string;
  state: StateType;
  stateName: string;
  message: string;
  url: string;
  method: "POST" | "PUT" | "PATCH";
  headers: string;
  payload: string;
  destination: "webhook" | "slack";
  subject: string;
  body: string;
  /** The saved action's other settings (retries, timeouts, …), kept as they were. */
  keep: Record<string, unknown>;
}

/** A fresh action of `type`. */
export function newActionDraft(type: ActionType = "do-nothing"): ActionDraft {
  return {
    type,
    source: "selected",
    deploymentId: "",
    poolName: "",
    queueName: "",
    automationId: "",
    parameters: "",
    jobVariables: "",
    state: "CANCELLED",
    stateName: "",
    message: "",
    url: "",
    method: "POST",
    headers: "",
    payload: "",
    destination: "webhook",
    subject: "Automation {{ automation.name }} fired",
    body: "{{ event.event }} on {{ event.resource.name }}",
    keep: {},
  };
}

const json = (value: unknown) =>
  value === null || value === undefined ? "" : JSON.stringify(value, null, 2);

const KEPT = ["retries", "retry_delay_seconds", "timeout_seconds"];

/** The form's fields for a saved action. */
export function actionDraftOf(action: Action): ActionDraft {
  const draft = newActionDraft(action.type);
  const fields = action as Record<string, unknown>;
  const text = (key: string) => (typeof fields[key] === "string" ? (fields[key] as string) : "");
  draft.source = fields.source === "inferred" ? "inferred" : "selected";
  draft.deploymentId = text("deployment_id");
  draft.poolName = text("work_pool_name");
  draft.queueName = text("work_queue_name");
  draft.automationId = text("automation_id");
  draft.parameters = json(fields.parameters);
  draft.jobVariables = json(fields.job_variables);
  draft.keep = Object.fromEntries(KEPT.filter((key) => key in fields).map((key) => [key, fields[key]]));
  if (action.type === "change-flow-run-state") {
    draft.state = action.state;
    draft.stateName = action.name ?? "";
    draft.message = action.message ?? "";
  }
  if (action.type === "call-webhook") {
    draft.url = action.url;
    draft.method = action.method ?? "POST";
    draft.headers = Object.keys(action.headers ?? {}).length ? json(action.headers) : "";
    draft.payload = action.payload === undefined ? "" : json(action.payload);
  }
  if (action.type === "send-notification") {
    draft.url = action.destination.url;
    draft.destination = action.destination.type;
    draft.headers =
      action.destination.type === "webhook" && Object.keys(action.destination.headers ?? {}).length
        ? json(action.destination.headers)
        : "";
    draft.subject = action.subject ?? draft.subject;
    draft.body = action.body ?? draft.body;
  }
  return draft;
}

/** The action and the problems of its fields (field name → message); no action when any. */
export interface ActionResult {
  readonly action?: Action;
  readonly problems: Readonly<Record<string, string>>;
}

/** Parses a JSON object field; empty text is `empty`. */
function jsonField(
  text: string,
  field: string,
  problems: Record<string, string>,
  empty: unknown = null,
): unknown {
  if (text.trim() === "") return empty;
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      problems[field] = 'Write a JSON object, e.g. {"name": "{{ event.payload.name }}"}';
      return undefined;
    }
    return value;
  } catch (error) {
    problems[field] = `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    return undefined;
  }
}

function urlProblem(url: string): string | undefined {
  if (url.trim() === "") return "Give the URL to call";
  try {
    new URL(url.trim());
    return undefined;
  } catch {
    return "Not a URL: write it in full, e.g. https://example.com/hook";
  }
}

/** The target fields of the pause / resume / run actions. */
function targetOf(draft: ActionDraft, problems: Record<string, string>): Record<string, unknown> {
  const selected = draft.source === "selected";
  const need = (field: string, value: string, message: string) => {
    if (selected && value.trim() === "") problems[field] = message;
    return selected ? value.trim() || null : null;
  };
  if (draft.type.endsWith("-deployment"))
    return {
      source: draft.source,
      deployment_id: need("deploymentId", draft.deploymentId, "Choose a deployment"),
    };
  if (draft.type.endsWith("-work-pool"))
    return { source: draft.source, work_pool_name: need("poolName", draft.poolName, "Choose a work pool") };
  if (draft.type.endsWith("-work-queue"))
    return {
      source: draft.source,
      work_pool_name: need("poolName", draft.poolName, "Choose a work pool"),
      work_queue_name: need("queueName", draft.queueName, "Give the queue's name"),
    };
  if (draft.type.endsWith("-automation"))
    return {
      source: draft.source,
      automation_id: need("automationId", draft.automationId, "Choose an automation"),
    };
  return {};
}

/** Builds the API action from the draft. */
export function toAction(draft: ActionDraft): ActionResult {
  const problems: Record<string, string> = {};
  const fields: Record<string, unknown> = { type: draft.type, ...targetOf(draft, problems) };
  if (draft.type === "run-deployment") {
    fields.parameters = jsonField(draft.parameters, "parameters", problems);
    fields.job_variables = jsonField(draft.jobVariables, "jobVariables", problems);
  } else if (draft.type === "change-flow-run-state") {
    Object.assign(fields, {
      state: draft.state,
      name: draft.stateName.trim() || null,
      message: draft.message || null,
    });
  } else if (draft.type === "call-webhook") {
    const problem = urlProblem(draft.url);
    if (problem) problems.url = problem;
    const payload = jsonPayload(draft.payload, problems);
    Object.assign(fields, draft.keep, {
      url: draft.url.trim(),
      method: draft.method,
      headers: jsonField(draft.headers, "headers", problems, {}),
      ...(payload !== undefined && { payload }),
    });
  } else if (draft.type === "send-notification") {
    const problem = urlProblem(draft.url);
    if (problem) problems.url = problem;
    const destination =
      draft.destination === "slack"
        ? { type: "slack", url: draft.url.trim() }
        : {
            type: "webhook",
            url: draft.url.trim(),
            headers: jsonField(draft.headers, "headers", problems, {}),
          };
    Object.assign(fields, draft.keep, { destination, subject: draft.subject, body: draft.body });
  }
  if (Object.keys(problems).length > 0) return { problems };
  return { action: fields as Action, problems };
}

/** A webhook's body: any JSON value; empty sends the triggering event. */
function jsonPayload(text: string, problems: Record<string, string>): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.payload = `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    return undefined;
  }
}
