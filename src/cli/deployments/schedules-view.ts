/**
 * @module How the CLI shows a deployment's schedules: the core's description ("every 10 minutes",
 * "at 09:00 on weekdays (Europe/Paris)") and the next run times the schedule gives.
 */
import type { Deployment, DeploymentSchedule } from "../../api/deployments.js";
import { describeSchedule, nextRunTimes } from "../../core/schedules/index.js";
import { formatTimestamp } from "../format.js";

/** The next `count` run times of a schedule after `now`, as ISO strings (fewer if it ends). */
export function nextRuns(schedule: DeploymentSchedule, count: number, now = new Date()): string[] {
  return nextRunTimes(schedule.schedule, { now: now.getTime(), maxRuns: count })
    .slice(0, count)
    .map((time) => new Date(time).toISOString());
}

/** One schedule in words, with its slug and "inactive" when it is paused. */
export function describeDeploymentSchedule(schedule: DeploymentSchedule): string {
  const extras = [schedule.active ? "" : "inactive", schedule.slug ? `slug ${schedule.slug}` : ""];
  const tail = extras.filter(Boolean);
  return `${describeSchedule(schedule.schedule)}${tail.length ? ` [${tail.join(", ")}]` : ""}`;
}

/** The next run of a schedule for a table cell: local time, or "-" when it is inactive or ended. */
export function nextRunText(schedule: DeploymentSchedule, now = new Date()): string {
  if (!schedule.active) return "- (inactive)";
  const [next] = nextRuns(schedule, 1, now);
  return next ? formatTimestamp(next) : "- (no more runs)";
}

/**
 * The schedules of `deployment inspect`: each described, followed by its next three run times
 * (local time), or why it has none.
 */
export function inspectSchedules(deployment: Deployment, now = new Date()): string {
  if (deployment.schedules.length === 0) return "- (runs only when started: `steward deployment run`)";
  return deployment.schedules
    .flatMap((schedule) => {
      const head = `${describeDeploymentSchedule(schedule)}  (id ${schedule.id})`;
      if (!schedule.active) return [head, "  next runs: none while inactive"];
      const runs = nextRuns(schedule, 3, now).map(formatTimestamp);
      const paused = deployment.paused ? " (deployment paused: no runs are created)" : "";
      return [
        head,
        `  next runs: ${runs.length ? runs.join(", ") : "none (the schedule has ended)"}${paused}`,
      ];
    })
    .join("\n");
}
