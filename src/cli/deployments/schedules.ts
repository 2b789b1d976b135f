/**
 * @module `steward deployment schedule ls|pause|resume|delete|clear FLOW/DEPLOYMENT …`: one
 * deployment's schedules, addressed by id or slug.
 */
import type { Deployment, DeploymentSchedule } from "../../api/deployments.js";
import { describeSchedule } from "../../core/schedules/index.js";
import { byText, byTime, type Compare, sortedBy, thenBy } from "../compare.js";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { noteMore, takeLimit } from "../list-options.js";
import { fullName, readDeploymentByName } from "./lookup.js";
import { describeDeploymentSchedule, nextRunText, nextRuns } from "./schedules-view.js";

/**
 * The `--sort` orders of `schedule ls`, sorted by the CLI (a deployment's schedules come whole):
 * in the order they were added (the default), newest first, or by their next run (inactive and
 * ended ones last).
 */
export const SCHEDULE_SORTS: Readonly<Record<string, (now: Date) => Compare<DeploymentSchedule>>> = {
  "created-asc": () =>
    thenBy(
      byTime((s) => s.created),
      byText((s) => s.id),
    ),
  "created-desc": () =>
    thenBy(
      byTime((s) => s.created, "desc"),
      byText((s) => s.id, "desc"),
    ),
  "next-run-asc": (now) => byTime((s) => (s.active ? nextRuns(s, 1, now)[0] : null)),
};

/** `schedule ls`: id, slug, schedule, active and next run of each schedule. */
export async function listSchedules(
  ctx: CliContext,
  nameArgument: string,
  options: { limit?: number; sort: string; json?: boolean },
): Promise<void> {
  const deployment = await readDeploymentByName(ctx.client(), nameArgument);
  const now = new Date();
  const order = SCHEDULE_SORTS[options.sort]?.(now);
  const all = deployment.schedules;
  const listed = takeLimit(order ? sortedBy(all, order) : all, options.limit);
  if (options.json) {
    ctx.out.json(
      listed.shown.map((schedule) => ({
        ...schedule,
        description: describeSchedule(schedule.schedule),
        next_run_time: schedule.active ? (nextRuns(schedule, 1, now)[0] ?? null) : null,
      })),
    );
    return;
  }
  const name = fullName(deployment);
  ctx.out.table(
    [
      { header: "ID", minWidth: 36 },
      { header: "SLUG" },
      { header: "SCHEDULE" },
      { header: "ACTIVE" },
      { header: "NEXT RUN", minWidth: 19 },
    ],
    listed.shown.map((s) => [
      s.id,
      s.slug ?? "-",
      describeSchedule(s.schedule),
      s.active ? "yes" : { text: "no", style: ctx.out.colors.yellow },
      nextRunText(s, now),
    ]),
    `Deployment "${name}" has no schedules. Add one with \`steward deployment schedule create ${name} --cron "0 9 * * *"\`.`,
  );
  noteMore(ctx.out, { ...listed, what: "schedules", total: all.length });
  if (deployment.paused && all.length > 0) {
    ctx.out.note(
      `The deployment is paused: no runs are created until \`steward deployment resume ${name}\`.`,
    );
  }
}

/**
 * The schedule of `deployment` whose id or slug is `idOrSlug`; an unknown one fails with the
 * deployment's schedules listed.
 */
export function findSchedule(deployment: Deployment, idOrSlug: string): DeploymentSchedule {
  const wanted = idOrSlug.trim();
  const found =
    deployment.schedules.find((s) => s.id === wanted.toLowerCase()) ??
    deployment.schedules.find((s) => s.slug === wanted);
  if (found) return found;
  const name = fullName(deployment);
  const known = deployment.schedules.map((s) => `  - ${s.slug ?? s.id}: ${describeSchedule(s.schedule)}`);
  throw new CliError(
    [
      `Deployment "${name}" has no schedule with id or slug ${JSON.stringify(wanted)}.`,
      ...(known.length
        ? ["Its schedules:", ...known]
        : [`It has no schedules: add one with \`steward deployment schedule create ${name} --cron EXPR\`.`]),
      `List them with ids with \`steward deployment schedule ls ${name}\`.`,
    ].join("\n"),
  );
}

/** `schedule pause|resume`: sets one schedule's `active`. */
export async function setScheduleActive(
  ctx: CliContext,
  nameArgument: string,
  idOrSlug: string,
  active: boolean,
): Promise<void> {
  const client = ctx.client();
  const deployment = await readDeploymentByName(client, nameArgument);
  const schedule = findSchedule(deployment, idOrSlug);
  const label = `Schedule ${schedule.slug ?? schedule.id} of "${fullName(deployment)}"`;
  if (schedule.active === active) {
    ctx.out.line(`${label} is already ${active ? "active" : "paused"}; nothing changed.`);
    return;
  }
  await client.call("updateDeploymentSchedule", {
    params: { id: deployment.id, schedule_id: schedule.id },
    body: { active },
  });
  const updated = { ...schedule, active };
  ctx.out.line(
    active
      ? `${label} resumed (${describeSchedule(schedule.schedule)}); next run: ${nextRunText(updated)}.`
      : `${label} paused: it creates no runs until \`steward deployment schedule resume ${fullName(deployment)} ${idOrSlug}\`.`,
  );
}

/** `schedule delete`: removes one schedule (and, on the server, its future runs). */
export async function deleteSchedule(ctx: CliContext, nameArgument: string, idOrSlug: string): Promise<void> {
  const client = ctx.client();
  const deployment = await readDeploymentByName(client, nameArgument);
  const schedule = findSchedule(deployment, idOrSlug);
  await client.call("deleteDeploymentSchedule", { params: { id: deployment.id, schedule_id: schedule.id } });
  ctx.out.line(
    `Deleted schedule ${schedule.slug ?? schedule.id} of "${fullName(deployment)}": ${describeDeploymentSchedule(schedule)}.`,
  );
}

/** `schedule clear`: removes every schedule, after confirmation (`-y`, or a prompt on a terminal). */
export async function clearSchedules(
  ctx: CliContext,
  nameArgument: string,
  options: { yes?: boolean },
): Promise<void> {
  const client = ctx.client();
  const deployment = await readDeploymentByName(client, nameArgument);
  const name = fullName(deployment);
  const count = deployment.schedules.length;
  if (count === 0) {
    ctx.out.line(`Deployment "${name}" has no schedules; nothing to clear.`);
    return;
  }
  const plural = `${count} schedule${count > 1 ? "s" : ""}`;
  if (!options.yes) {
    if (!canPrompt(ctx)) {
      throw new CliError(
        `Refusing to delete ${plural} of "${name}" without confirmation: there is no terminal to ask. ` +
          `Run \`steward deployment schedule clear ${name} -y\` to confirm.`,
      );
    }
    if (!(await confirm(`Delete all ${plural} of "${name}"?`))) throw new CliError("Nothing was deleted.");
  }
  for (const schedule of deployment.schedules) {
    await client.call("deleteDeploymentSchedule", {
      params: { id: deployment.id, schedule_id: schedule.id },
    });
  }
  ctx.out.line(`Deleted ${plural} of "${name}"; it now runs only when started.`);
}

/** True when a person at a terminal can answer a question. */
function canPrompt(ctx: CliContext): boolean {
  return ctx.io.stdout.isTTY === true && process.stdin.isTTY;
}

/** Asks a yes/no question on the terminal. */
async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
