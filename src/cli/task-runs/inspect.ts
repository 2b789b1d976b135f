import type { State } from "../../api/states.js";
import type { TaskRun } from "../../api/task-runs.js";
import type { CliContext } from "../context.js";
import { formatLogTimestamp, formatTimestamp, stateColor } from "../format.js";
import { runDuration } from "../flow-runs/list.js";
import { readTaskRun, taskRunId } from "./lookup.js";

/**
 * `steward task-run inspect ID`: the task run's fields, its error when it failed, its attempts,
 * and its state history (oldest first). `--json` prints the task run with `state_history`.
 */
export async function inspectTaskRun(
  ctx: CliContext,
  idArgument: string,
  options: { json?: boolean },
): Promise<void> {
  const id = taskRunId(idArgument);
  const client = ctx.client();
  const taskRun = await readTaskRun(client, id);
  const states = (await client.call("readTaskRunStates", { query: { task_run_id: id } })).sort(
    (a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp),
  );
  if (options.json) {
    ctx.out.json({ ...taskRun, state_history: states });
    return;
  }
  ctx.out.keyValue(describeTaskRun(taskRun, ctx.out.colors));
  ctx.out.line();
  ctx.out.line(ctx.out.colors.bold("State history"));
  printStates(ctx, states);
}

function describeTaskRun(taskRun: TaskRun, colors: CliContext["out"]["colors"]): [string, string][] {
  const state = taskRun.state_name ? stateColor(taskRun.state_type, colors)(taskRun.state_name) : "-";
  const failed = taskRun.state_type === "FAILED" || taskRun.state_type === "CRASHED";
  const pairs: [string, string][] = [
    ["ID", taskRun.id],
    ["Name", taskRun.name],
    ["Task key", taskRun.task_key],
    [
      "Flow run",
      taskRun.flow_run_id
        ? `${taskRun.flow_run_id} (steward flow-run inspect ${taskRun.flow_run_id})`
        : "- (run outside a flow)",
    ],
    ["State", state],
  ];
  const message = taskRun.state?.message;
  if (failed) pairs.push(["Error", colors.red(message ?? "- (no message recorded)")]);
  else if (message) pairs.push(["Message", message]);
  pairs.push(
    ["Attempts", attempts(taskRun)],
    ["Tags", taskRun.tags.length ? taskRun.tags.join(", ") : "-"],
    ["Created", formatTimestamp(taskRun.created)],
    ["Expected start", formatTimestamp(taskRun.expected_start_time)],
    ["Started", formatTimestamp(taskRun.start_time)],
    ["Ended", formatTimestamp(taskRun.end_time)],
    ["Duration", runDuration(taskRun)],
  );
  if (taskRun.cache_key) pairs.push(["Cache key", taskRun.cache_key]);
  const inputs = describeInputs(taskRun.task_inputs);
  if (inputs) pairs.push(["Inputs", inputs]);
  return pairs;
}

type TaskRunInput = TaskRun["task_inputs"][string][number];

/** One line per argument and what it came from: "rows ← task run 0190…" (the task's upstream). */
function describeInputs(inputs: TaskRun["task_inputs"]): string {
  const source = (input: TaskRunInput): string => {
    switch (input.input_type) {
      case "task_run":
        return `task run ${input.id}`;
      case "flow_run":
        return `flow run ${input.id}`;
      case "parameter":
        return `parameter ${input.name}`;
      case "constant":
        return `a constant (${input.type})`;
    }
  };
  return Object.entries(inputs)
    .map(([name, sources]) => `${name} ← ${sources.length ? sources.map(source).join(", ") : "a value"}`)
    .join("\n");
}

/** "2 of 4 allowed (3 retries)": how often the task ran (run_count) against its retry policy. */
function attempts(taskRun: TaskRun): string {
  const retries = taskRun.empirical_policy.retries ?? 0;
  if (retries === 0) return `${taskRun.run_count} (no retries)`;
  return `${taskRun.run_count} of ${retries + 1} allowed (${retries} ${retries === 1 ? "retry" : "retries"})`;
}

function printStates(ctx: CliContext, states: State[]): void {
  const colors = ctx.out.colors;
  ctx.out.table(
    [{ header: "TIME" }, { header: "STATE" }, { header: "MESSAGE", maxWidth: 100 }],
    states.map((state) => [
      formatLogTimestamp(state.timestamp),
      { text: state.name, style: stateColor(state.type, colors) },
      state.message ?? "",
    ]),
    "No states recorded.",
  );
}
