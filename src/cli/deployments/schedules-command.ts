import type { Command } from "commander";
import { collect, parseCount } from "../args.js";
import type { CliContext } from "../context.js";
import { addListOptions } from "../list-options.js";
import {
  clearSchedules,
  deleteSchedule,
  listSchedules,
  SCHEDULE_SORTS,
  setScheduleActive,
} from "./schedules.js";
import { type CreateScheduleFlags, createSchedule } from "./schedules-create.js";

const NAME = "FLOW/DEPLOYMENT, e.g. hello/hello";
const SCHEDULE = "the schedule's id or slug (see `steward deployment schedule ls`)";

const CREATE_EXAMPLES = `
Examples:
  steward deployment schedule create hello/hello --cron "0 9 * * 1-5" --timezone Europe/Paris
  steward deployment schedule create hello/hello --interval PT10M --slug often --param name=Ada
  steward deployment schedule create hello/hello --rrule "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8" --replace`;

/** `steward deployment schedule …`: the schedules of one deployment. */
export function registerScheduleCommands(deployment: Command, ctx: CliContext): void {
  const schedule = deployment
    .command("schedule")
    .description("Create, list, pause, resume and delete the schedules of a deployment.");

  schedule
    .command("create")
    .description("Add a schedule to a deployment (checked before anything is sent).")
    .argument("<name>", NAME)
    .option("--cron <expression>", 'A cron expression, 5 fields or 6 with seconds, e.g. "0 9 * * 1-5".')
    .option("--interval <every>", "Every N seconds, or an ISO-8601 duration (PT10M) or 10m.")
    .option("--rrule <rule>", 'An RFC 5545 rule, e.g. "FREQ=WEEKLY;BYDAY=MO".')
    .option("--timezone <zone>", "IANA time zone of the schedule, e.g. Europe/Paris. Default: UTC.")
    .option("--anchor-date <iso>", "Start of an --interval schedule, e.g. 2025-01-01T09:00:00Z.")
    .option("--day-or", "Cron: run when day-of-month OR day-of-week matches (default).")
    .option("--no-day-or", "Cron: run only when day-of-month AND day-of-week match.")
    .option("--slug <slug>", "A name for the schedule, unique in the deployment.")
    .option("-p, --param <key=value>", "A parameter for this schedule's runs (repeatable).", collect)
    .option("--max-scheduled-runs <n>", "At most N future runs of this schedule created ahead.", parseCount)
    .option("--inactive", "Create it paused; `schedule resume` starts it.")
    .option("--replace", "Delete the deployment's other schedules first.")
    .option("--json", "Print the created schedule as JSON.")
    .addHelpText("after", CREATE_EXAMPLES)
    .action((name: string, flags: CreateScheduleFlags, command: Command) => {
      // --day-or / --no-day-or default to true in commander; only an explicit one counts.
      const dayOr = command.getOptionValueSource("dayOr") === "cli" ? flags.dayOr : undefined;
      return createSchedule(ctx, name, { ...flags, dayOr });
    });

  const ls = schedule
    .command("ls")
    .description("List a deployment's schedules with their next run.")
    .argument("<name>", NAME);
  addListOptions(ls, {
    what: "schedules",
    sorts: Object.keys(SCHEDULE_SORTS),
    defaultSort: "created-asc",
    sortHelp: "Sorted by the CLI: created-asc is the order they were added.",
  })
    .option("--json", "Print the schedules as JSON.")
    .action((name: string, options: { limit?: number; sort: string; json?: boolean }) =>
      listSchedules(ctx, name, options),
    );

  for (const [command, active] of [
    ["pause", false],
    ["resume", true],
  ] as const) {
    schedule
      .command(command)
      .description(active ? "Resume a paused schedule." : "Pause one schedule: it creates no runs.")
      .argument("<name>", NAME)
      .argument("<schedule>", SCHEDULE)
      .action((name: string, idOrSlug: string) => setScheduleActive(ctx, name, idOrSlug, active));
  }

  schedule
    .command("delete")
    .description("Delete one schedule of a deployment.")
    .argument("<name>", NAME)
    .argument("<schedule>", SCHEDULE)
    .action((name: string, idOrSlug: string) => deleteSchedule(ctx, name, idOrSlug));

  schedule
    .command("clear")
    .description("Delete every schedule of a deployment.")
    .argument("<name>", NAME)
    .option("-y, --yes", "Do not ask for confirmation (required without a terminal).")
    .action((name: string, options: { yes?: boolean }) => clearSchedules(ctx, name, options));
}
