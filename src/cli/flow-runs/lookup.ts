import type { FlowRun } from "../../api/flow-runs.js";
import type { StewardClient } from "../../client/client.js";
import { isApiError } from "../../client/errors.js";
import { requireUuid } from "../args.js";
import { CliError } from "../errors.js";

/** Validates a flow-run id argument (UUID) before any API call. */
export function flowRunId(value: string): string {
  return requireUuid(value, "flow run", "steward flow-run ls");
}

/** The message for a flow run the API does not know. */
export function flowRunNotFound(id: string): CliError {
  return new CliError(`Flow run ${id} not found. List flow runs with \`steward flow-run ls\`.`);
}

/** Runs `call`, turning the API's 404 into a "flow run not found" message. */
export async function orNotFound<T>(id: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isApiError(error, 404)) throw flowRunNotFound(id);
    throw error;
  }
}

/** Reads a flow run, with a clear message when it does not exist. */
export function readFlowRun(client: StewardClient, id: string): Promise<FlowRun> {
  return orNotFound(id, () => client.call("readFlowRun", { params: { id } }));
}
