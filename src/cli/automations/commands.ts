/** @module What `steward automation …` does. */
import { type Action, type Automation, AutomationQuery } from "../../api/automations.js";
import type { Event } from "../../api/events.js";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { formatJson, formatLogTimestamp, formatTimestamp } from "../format.js";
import { apiSort, noteMore, sortName, takeLimit } from "../list-options.js";
import { fetchUpTo } from "../paging.js";
import { describeTrigger } from "../deployments/triggers-view.js";
import { findAutomation, readAutomationFile } from "./lookup.js";

const API_SORTS = AutomationQuery.shape.sort.unwrap().options;

/** The `--sort` orders of `steward automation ls`: the API's automation sorts. */
export const AUTOMATION_SORTS = API_SORTS.map(sortName);

/** `steward automation ls`. */
export async function listAutomations(
  ctx: CliContext,
  options: { limit?: number; sort: string; json?: boolean },
): Promise<void> {
  const client = ctx.client();
  const sort = apiSort(options.sort, API_SORTS);
  // One more than asked for tells whether the list goes on.
  const fetched = await fetchUpTo((options.limit ?? Number.POSITIVE_INFINITY) + 1, (offset, limit) =>
    client.call("filterAutomations", { body: { sort, limit, offset } }),
  );
  const listed = takeLimit(fetched, options.limit);
  const automations = listed.shown;
  if (options.json) return ctx.out.json(automations);
  const colors = ctx.out.colors;
  ctx.out.table(
    [
      { header: "NAME", maxWidth: 40 },
      { header: "ENABLED" },
      { header: "TRIGGER", maxWidth: 60 },
      { header: "ACTIONS", maxWidth: 40 },
      { header: "ID" },
    ],
    automations.map((a) => [
      a.name,
      a.enabled ? { text: "yes", style: colors.green } : { text: "paused", style: colors.yellow },
      describeTrigger(a.trigger),
      a.actions.map((action) => action.type).join(", "),
      a.id,
    ]),
    "No automations yet. Create one with `steward automation create -f automation.yaml` (docs/events.md has examples).",
  );
  noteMore(ctx.out, { ...listed, what: "automations" });
}

/** The firings and action results of an automation, newest first. */
async function recentActivity(ctx: CliContext, automation: Automation): Promise<Event[]> {
  const page = await ctx.client().call("filterEvents", {
    body: {
      filter: {
        resource: { id: [`steward.automation.${automation.id}`] },
        event: { name: ["steward.automation.*"] },
      },
      limit: 20,
      order: "DESC",
    },
  });
  return page.events;
}

/** `steward automation inspect NAME_OR_ID`: the definition and its recent firings and action results. */
export async function inspectAutomation(
  ctx: CliContext,
  nameOrId: string,
  options: { json?: boolean },
): Promise<void> {
  const automation = await findAutomation(ctx.client(), nameOrId);
  const activity = await recentActivity(ctx, automation);
  if (options.json) return ctx.out.json({ ...automation, recent_events: activity });
  ctx.out.keyValue([
    ["ID", automation.id],
    ["Name", automation.name],
    ["Description", automation.description || "-"],
    ["Enabled", automation.enabled ? "yes" : "no (paused)"],
    ["Owner", automation.owner_resource ?? "-"],
    ["Tags", automation.tags.length ? automation.tags.join(", ") : "-"],
    ["Trigger", `${describeTrigger(automation.trigger)}\n${formatJson(automation.trigger)}`],
    ["Actions", automation.actions.map(describeAction).join("\n")],
    ["Created", formatTimestamp(automation.created)],
    ["Updated", formatTimestamp(automation.updated)],
  ]);
  ctx.out.line();
  ctx.out.line(ctx.out.colors.bold("Recent activity"));
  ctx.out.table(
    [{ header: "OCCURRED" }, { header: "EVENT", maxWidth: 40 }, { header: "DETAILS", maxWidth: 80 }],
    activity.map((event) => [formatLogTimestamp(event.occurred), event.event, activityDetails(event)]),
    "It has not fired yet.",
  );
}

function describeAction(action: Action, index: number): string {
  const { type, ...rest } = action;
  const fields = Object.entries(rest).filter(([, value]) => value !== null && value !== undefined);
  return `${index + 1}. ${type}${fields.length ? ` ${JSON.stringify(Object.fromEntries(fields))}` : ""}`;
}

/** What a firing or action event says, in one line. */
function activityDetails(event: Event): string {
  const p = event.payload;
  const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));
  if (event.event === "steward.automation.triggered") {
    const triggering = p.triggering_event as { event?: string; resource_id?: string } | undefined;
    return triggering ? `by ${triggering.event ?? "?"} on ${triggering.resource_id ?? "?"}` : "";
  }
  const action = `action ${Number(p.action_index ?? 0) + 1} (${text(p.action_type ?? "?")})`;
  if (p.reason !== undefined) return `${action}: ${text(p.reason)}`;
  if (p.result !== undefined) return `${action}: ${text(p.result)}`;
  return action;
}

/** `steward automation create -f FILE`: every automation of the file. */
export async function createAutomations(
  ctx: CliContext,
  options: { file: string; json?: boolean },
): Promise<void> {
  const inputs = readAutomationFile(options.file, ctx.cwd);
  const client = ctx.client();
  const created: Automation[] = [];
  for (const input of inputs) created.push(await client.call("createAutomation", { body: input }));
  if (options.json) return ctx.out.json(created);
  for (const automation of created) {
    ctx.out.line(`Created automation "${automation.name}" (id ${automation.id}).`);
  }
  ctx.out.note("See what they do with `steward automation inspect NAME`.");
}

/** `steward automation update NAME_OR_ID -f FILE`: replaces its definition by the file's one automation. */
export async function updateAutomation(
  ctx: CliContext,
  nameOrId: string,
  options: { file: string },
): Promise<void> {
  const inputs = readAutomationFile(options.file, ctx.cwd);
  const [input] = inputs;
  if (inputs.length !== 1 || input === undefined) {
    throw new CliError(
      `${options.file} lists ${inputs.length} automations; update takes a file with exactly one.`,
    );
  }
  const client = ctx.client();
  const automation = await findAutomation(client, nameOrId);
  await client.call("replaceAutomation", { params: { id: automation.id }, body: input });
  ctx.out.line(`Updated automation "${input.name}" (id ${automation.id}); its trigger starts afresh.`);
}

/** `steward automation pause|resume NAME_OR_ID`. */
export async function setAutomationEnabled(
  ctx: CliContext,
  nameOrId: string,
  enabled: boolean,
): Promise<void> {
  const client = ctx.client();
  const automation = await findAutomation(client, nameOrId);
  await client.call("patchAutomation", { params: { id: automation.id }, body: { enabled } });
  ctx.out.line(`${enabled ? "Resumed" : "Paused"} automation "${automation.name}".`);
}

/** `steward automation delete NAME_OR_ID`. */
export async function deleteAutomation(ctx: CliContext, nameOrId: string): Promise<void> {
  const client = ctx.client();
  const automation = await findAutomation(client, nameOrId);
  await client.call("deleteAutomation", { params: { id: automation.id } });
  ctx.out.line(`Deleted automation "${automation.name}".`);
}
