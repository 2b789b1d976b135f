import { resolve } from "node:path";
import { isApiError } from "../../client/errors.js";
import { registerDeployment, type ResolvedDeployOptions } from "../../sdk/deploy.js";
import type { CliContext } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { loadProject, type Project } from "../project/load.js";
import { issueLines } from "./api-issues.js";
import { applyOverrides, type DeployFlags, flagOverrides } from "./deploy-flags.js";
import { loadFlow } from "./deploy-entrypoint.js";
import { reportDeployment } from "./deploy-report.js";

/**
 * `steward deploy --all` / `steward deploy --name NAME …`: registers deployments described in
 * `steward.yaml` (or `--file`), with any deployment flags applied over each. The whole file is
 * validated before anything is registered.
 */
export async function deployFromProject(ctx: CliContext, flags: DeployFlags): Promise<void> {
  const file = resolve(ctx.cwd, flags.file ?? "steward.yaml");
  const overrides = flagOverrides(flags);
  const project = loadProject(file, ctx.io.env);
  const selected = selectDeployments(project, flags);
  const client = ctx.client();
  for (const [i, options] of selected.entries()) {
    const deployment = applyOverrides(options, overrides);
    try {
      const flow = await loadFlow(deployment.entrypoint, project.dir);
      reportDeployment(ctx, await registerDeployment(client, flow, deployment), deployment.triggers?.length);
    } catch (error) {
      const done = i > 0 ? ` (${i} of ${selected.length} were deployed before it)` : "";
      throw new CliError(
        `Deployment "${deployment.name}" of ${file} failed${done}: ${describe(error)}`,
        undefined,
        {
          cause: error,
        },
      );
    }
  }
}

function selectDeployments(project: Project, flags: DeployFlags): ResolvedDeployOptions[] {
  const names = flags.name ?? [];
  if (flags.all && names.length > 0) throw new UsageError("Pass --all or --name, not both.");
  if (flags.all) return [...project.deployments];
  const known = project.deployments.map((d) => d.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new CliError(
      `${project.file} has no deployment named ${unknown.map((n) => `"${n}"`).join(", ")}. ` +
        `Its deployments: ${known.join(", ")}.`,
    );
  }
  return project.deployments.filter((d) => names.includes(d.name));
}

/** An error's message, with the API's field problems listed. */
function describe(error: unknown): string {
  if (isApiError(error)) {
    const issues = issueLines(error.details);
    return [`the API answered ${error.status} ${error.code}: ${error.message}`, ...issues].join("\n");
  }
  return error instanceof Error ? error.message : String(error);
}
