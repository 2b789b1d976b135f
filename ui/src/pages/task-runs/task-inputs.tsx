/**
 * @module What fed a task run. The SDK records an input when an argument is another task run's
 * result (a dependency edge), not the values passed; and it does not store task results (only a
 * flow run's final result is kept). The card says so rather than leaving a blank.
 */
import { Link } from "react-router";
import type { TaskRun } from "../../../../src/api/task-runs.js";
import { paths } from "../../app/paths.js";

type Input = TaskRun["task_inputs"][string][number];

/** The task run's recorded inputs, each linked to where it came from. */
export function TaskInputs({ task }: { task: TaskRun }) {
  const entries = Object.entries(task.task_inputs);
  return (
    <div data-testid="task-run-inputs">
      {entries.length === 0 ? (
        <p className="muted">No inputs from other task runs were recorded.</p>
      ) : (
        <dl className="details">
          {entries.map(([name, inputs]) => (
            <InputEntry key={name} name={name} inputs={inputs} />
          ))}
        </dl>
      )}
      <p className="muted small">
        Steward records which task runs fed this one, not the values passed to it, and keeps no task results:
        log what you need to see with getRunLogger().
      </p>
    </div>
  );
}

function InputEntry({ name, inputs }: { name: string; inputs: readonly Input[] }) {
  return (
    <>
      <dt className="mono">{name}</dt>
      <dd>
        {inputs.map((input, index) => (
          <span key={index}>
            {index > 0 && ", "}
            <InputSource input={input} />
          </span>
        ))}
      </dd>
    </>
  );
}

function InputSource({ input }: { input: Input }) {
  switch (input.input_type) {
    case "task_run":
      return <Link to={paths.taskRun(input.id)}>the result of a task run</Link>;
    case "flow_run":
      return <Link to={paths.flowRun(input.id)}>the result of a flow run</Link>;
    case "parameter":
      return (
        <span>
          the flow parameter <code>{input.name}</code>
        </span>
      );
    case "constant":
      return <span className="muted">a constant ({input.type})</span>;
  }
}
