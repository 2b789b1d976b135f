/** @module What a new user sees on an empty server: the README's path from nothing to a first run. */
import { Link } from "react-router";
import { paths } from "../../app/paths.js";
import { CommandBlock } from "../../components/code.js";

const STEPS = [
  {
    title: "Create a work pool",
    text: "Workers take their runs from a pool. Or create one from the Work pools page.",
    command: "npx steward work-pool create --type process tutorial-process-pool",
  },
  {
    title: "Start a worker",
    text: "In a second terminal: it polls the pool and starts each run in its own process.",
    command: "npx steward worker start --pool tutorial-process-pool",
  },
  {
    title: "Deploy a flow",
    text: "Tell Steward where and when to run it (here: every minute).",
    command:
      "npx steward deploy flows/hello.ts:hello --name hello --pool tutorial-process-pool --interval 60",
  },
  {
    title: "Run it",
    text: "Its states, task runs and logs appear here as they happen.",
    command: "npx steward deployment run hello/hello --param name=Ada --watch",
  },
];

/** The dashboard of an empty database. */
export function GettingStarted() {
  return (
    <section className="card getting-started" data-testid="getting-started">
      <h2>Nothing has run yet — four commands to a first flow run</h2>
      <p className="muted">
        This server has no work pools and no flows. Run these from your project (where{" "}
        <code>npm install</code> ran), or try a flow without a pool first:{" "}
        <code>npx steward flow run flows/hello.ts:hello</code>.
      </p>
      <ol className="steps">
        {STEPS.map((step) => (
          <li key={step.title}>
            <strong>{step.title}</strong> <span className="muted">{step.text}</span>
            <CommandBlock command={step.command} />
          </li>
        ))}
      </ol>
      <div className="row">
        <Link className="button primary" to={paths.createWorkPool()}>
          Create a work pool
        </Link>
        <a className="button" href="/docs">
          API reference
        </a>
      </div>
    </section>
  );
}
