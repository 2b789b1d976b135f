/**
 * @module What decides how a deployment's flow is loaded in a process: its id, its entrypoint and
 * its pull steps. Two runs with the same key can use one loaded flow (a kept process's, see
 * worker/types/reused-processes.ts and engine/execute.ts); a redeploy that changes any of them
 * gives a new key.
 */

/** The parts of a deployment that decide how its flow is loaded. */
export interface LoadedDeployment {
  readonly id: string;
  readonly entrypoint: string | null;
  readonly pull_steps: readonly unknown[];
}

/** One string for the parts of `deployment` that decide how its flow is loaded. */
export function flowLoadingKey(deployment: LoadedDeployment): string {
  return JSON.stringify([deployment.id, deployment.entrypoint, deployment.pull_steps]);
}
