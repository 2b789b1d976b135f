import type { RegisteredDeployment } from "../../sdk/deploy.js";
import type { CliContext } from "../context.js";
import { fullName } from "./lookup.js";
import { summariseSchedules } from "./schedule-summary.js";

/** Prints what `steward deploy` registered, and the commands that come next. */
export function reportDeployment(
  ctx: CliContext,
  { deployment, created }: RegisteredDeployment,
  triggers?: number,
): void {
  const name = fullName(deployment);
  const pool = deployment.work_pool_name ?? "?";
  ctx.out.line(`Deployment "${name}" ${created ? "created" : "updated"} (id ${deployment.id}).`);
  ctx.out.line(
    `  pool ${pool}, queue ${deployment.work_queue_name ?? "default"}; ` +
      `schedule ${summariseSchedules(deployment.schedules)}${deployment.paused ? " (paused)" : ""}` +
      (triggers === undefined ? "" : `; ${triggers} trigger${triggers === 1 ? "" : "s"}`),
  );
  const steps = [
    [`steward worker start --pool ${pool}`, "start a worker that runs the pool's flow runs"],
    [`steward deployment run ${name}`, "run it now"],
  ] as const;
  const width = Math.max(...steps.map(([command]) => command.length));
  ctx.out.line("Next steps:");
  for (const [command, why] of steps) ctx.out.line(`  ${command.padEnd(width)}  # ${why}`);
}
