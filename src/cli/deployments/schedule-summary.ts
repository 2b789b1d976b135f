import type { DeploymentSchedule } from "../../api/deployments.js";
import { describeSchedule } from "../../core/schedules/index.js";

/** A deployment's schedules in one table cell: the first, and how many more; "-" for none. */
export function summariseSchedules(schedules: readonly DeploymentSchedule[]): string {
  const [first, ...rest] = schedules;
  if (!first) return "-";
  const text = `${describeSchedule(first.schedule)}${first.active ? "" : " (inactive)"}`;
  return rest.length > 0 ? `${text} +${rest.length} more` : text;
}
