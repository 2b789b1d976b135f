import { readFileSync } from "node:fs";
import type { FlowRun } from "../../src/api/index.js";
import type { StewardClient } from "../../src/client/index.js";
import { isTerminal, TERMINAL_STATE_TYPES } from "../../src/core/states.js";
import type { Latencies } from "./latencies.js";

const POLL_MS = 250;
// The API's cap on an `any_` list and on a page.
const IDS_PER_CALL = 200;

/** How the deployment runs ended, once the drain is over. */
export interface DeploymentRunsOutcome {
  readonly created: number;
  readonly completed: number;
  /** Final, but not COMPLETED: "<id> <state>". */
  readonly failed: readonly string[];
  /** Still not final after the drain. */
  readonly unfinished: number;
  /** Runs whose flow body ran more than once (from the flow's own record file). */
  readonly executedTwice: number;
}

/**
 * The deployment runs the clients handed to the workers, followed until each reaches a final state.
 * Their latency (created → COMPLETED) is read from the server's own timestamps, so the polling
 * interval does not blur it.
 */
export class DeploymentRuns {
  readonly #open = new Set<string>();
  readonly #final = new Map<string, string>();

  add(id: string): void {
    this.#open.add(id);
  }

  /** Created and not seen final yet. */
  get inFlight(): number {
    return this.#open.size;
  }

  /** Polls the open runs until `done()` holds and none is left open, or until `deadline` (epoch ms). */
  async follow(client: StewardClient, latencies: Latencies, done: () => boolean, deadline: number) {
    while (Date.now() < deadline && !(done() && this.#open.size === 0)) {
      try {
        await this.#poll(client, latencies);
      } catch (error) {
        latencies.fail("deployment run created → completed", error);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The tally, with the record file written by the flow (one line per execution). */
  outcome(recordFile: string): DeploymentRunsOutcome {
    const finals = [...this.#final.entries()];
    return {
      created: this.#open.size + this.#final.size,
      completed: finals.filter(([, state]) => state === "COMPLETED").length,
      failed: finals.filter(([, state]) => state !== "COMPLETED").map(([id, state]) => `${id} ${state}`),
      unfinished: this.#open.size,
      executedTwice: countRepeatedExecutions(recordFile),
    };
  }

  async #poll(client: StewardClient, latencies: Latencies): Promise<void> {
    const ids = [...this.#open].slice(0, IDS_PER_CALL);
    if (ids.length === 0) return;
    const runs = await client.call("filterFlowRuns", {
      body: {
        flow_runs: { id: { any_: ids }, state: { type: { any_: [...TERMINAL_STATE_TYPES] } } },
        limit: IDS_PER_CALL,
      },
    });
    for (const run of runs) this.#settle(run, latencies);
  }

  #settle(run: FlowRun, latencies: Latencies): void {
    if (run.state_type === null || !isTerminal(run.state_type)) return;
    this.#open.delete(run.id);
    this.#final.set(run.id, run.state_type);
    if (run.state_type === "COMPLETED" && run.state) {
      latencies.add(
        "deployment run created → completed",
        Date.parse(run.state.timestamp) - Date.parse(run.created),
      );
    }
  }
}

function countRepeatedExecutions(recordFile: string): number {
  let text = "";
  try {
    text = readFileSync(recordFile, "utf8");
  } catch {
    return 0; // no run executed
  }
  const seen = new Map<string, number>();
  for (const line of text.split("\n").filter(Boolean)) {
    const id = line.split(" ")[1] ?? "";
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  return [...seen.values()].filter((count) => count > 1).length;
}
