import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { PullStep } from "../api/deployments.js";
import { runCommand } from "./command-runner.js";
import { gitClone } from "./git-clone.js";
import { resolveStepReferences } from "./step-templates.js";

/** Where pull steps start and where they report. */
export interface PullStepContext {
  /** The directory the first step starts in. */
  readonly cwd: string;
  /** Environment of git and shell scripts (and where access tokens are read from). */
  readonly env: NodeJS.ProcessEnv;
  /** Progress lines and streamed script output. */
  readonly log: (line: string) => void;
}

/** A pull step that failed, naming which one (1-based) and why. */
export class PullStepError extends Error {
  override readonly name = "PullStepError";
}

/**
 * Runs a deployment's pull steps in order and returns the directory the flow runs in:
 * `set_working_directory` moves there, `git_clone` clones and moves into the clone,
 * `run_shell_script` runs a script (`/bin/sh -c`) and stays put. A step may refer to an earlier
 * step's outputs with `{{ step-id.key }}` (`directory` of a clone, `stdout` / `stderr` of a script).
 *
 * @throws PullStepError for the first step that fails; later steps do not run.
 */
export async function runPullSteps(steps: readonly PullStep[], ctx: PullStepContext): Promise<string> {
  let cwd = ctx.cwd;
  const outputs: Record<string, Record<string, unknown>> = {};
  for (const [index, rawStep] of steps.entries()) {
    const step = resolveStepReferences(rawStep, outputs);
    const kind = Object.keys(step)[0] ?? "unknown";
    try {
      const result = await runStep(step, { ...ctx, cwd });
      cwd = result.cwd;
      if (result.id) outputs[result.id] = result.outputs;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PullStepError(`Pull step ${index + 1} of ${steps.length} (${kind}) failed: ${reason}`, {
        cause: error,
      });
    }
  }
  return cwd;
}

interface StepResult {
  readonly cwd: string;
  readonly outputs: Record<string, unknown>;
  /** The step's `id`, under which later steps find its outputs. */
  readonly id?: string;
}

async function runStep(step: PullStep, ctx: PullStepContext): Promise<StepResult> {
  if ("set_working_directory" in step) {
    const args = step.set_working_directory;
    const directory = resolve(ctx.cwd, args.directory);
    if (!existsSync(directory) || !statSync(directory).isDirectory()) {
      throw new Error(
        `the directory ${directory} does not exist on this machine. Check the deployment's pull steps.`,
      );
    }
    ctx.log(`Working directory: ${directory}`);
    return { cwd: directory, outputs: { directory } };
  }
  if ("git_clone" in step) {
    const args = step.git_clone;
    const { directory } = await gitClone(args, ctx);
    return { cwd: directory, outputs: { directory }, id: args.id };
  }
  const args = step.run_shell_script;
  return { cwd: ctx.cwd, outputs: await runShellScript(args, ctx), id: args.id };
}

async function runShellScript(
  args: { script: string; directory?: string; stream_output: boolean },
  ctx: PullStepContext,
): Promise<{ stdout: string; stderr: string }> {
  const cwd = args.directory ? resolve(ctx.cwd, args.directory) : ctx.cwd;
  ctx.log(`Running shell script in ${cwd}: ${firstLine(args.script)}`);
  const outcome = await runCommand("/bin/sh", ["-c", args.script], {
    cwd,
    env: ctx.env,
    onLine: args.stream_output ? (line) => ctx.log(line) : undefined,
  });
  if (outcome.code !== 0) {
    const stderr = outcome.stderr.trim().slice(-2000) || "(no output on stderr)";
    throw new Error(`the script exited with ${outcome.code ?? outcome.signal}: ${stderr}`);
  }
  return { stdout: outcome.stdout.trim(), stderr: outcome.stderr.trim() };
}

function firstLine(script: string): string {
  const [first = "", ...rest] = script.trim().split("\n");
  return rest.length > 0 ? `${first} …` : first;
}
