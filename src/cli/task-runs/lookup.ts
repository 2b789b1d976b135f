import type { TaskRun } from "../../api/task-runs.js";
import type { StewardClient } from "../../client/client.js";
import { isApiError } from "../../client/errors.js";
import { requireUuid } from "../args.js";
import { CliError } from "../errors.js";

/** Validates a task-run id argument (UUID) before any API call. */
export function taskRunId(value: string): string {
  return requireUuid(value, "task run", "steward task-run ls");
}

/** Reads a task run, with a clear message when it does not exist. */
export async function readTaskRun(client: StewardClient, id: string): Promise<TaskRun> {
  try {
    return await client.call("readTaskRun", { params: { id } });
  } catch (error) {
    if (isApiError(error, 404)) {
      throw new CliError(
        `Task run ${id} not found. List task runs with \`steward task-run ls\` ` +
          "(or those of one flow run with `steward task-run ls --flow-run ID`).",
      );
    }
    throw error;
  }
}
