import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../e2e/harness.js";
import { type ReadmeStep, readReadmeSteps } from "./readme-steps.js";
import {
  adaptCommand,
  type Background,
  type Finished,
  PACKAGE_ROOT,
  packPackage,
  TEST_NODE,
  UserProject,
} from "./user-project.js";

// The README, followed word for word in fresh projects as a new user would: `npm pack` of this
// package, `npm init -y`, then every file and command of the README's user part, against the real
// server and worker those commands start. Three kinds of project: CommonJS (what `npm init -y`
// makes), ES modules, and .mts files with a tsconfig. The README cannot drift from what works.
const steps = readReadmeSteps(join(PACKAGE_ROOT, "README.md"));
const root = mkdtempSync(join(tmpdir(), "steward-user-projects-"));
let tarball: string;
const projects: UserProject[] = [];

beforeAll(() => {
  tarball = packPackage(root);
});
afterAll(async () => {
  await Promise.all(projects.map((project) => project.close()));
  rmSync(root, { recursive: true, force: true });
});

/** How one kind of project differs: its package.json, its tsconfig, and its flow files' extension. */
interface ProjectKind {
  readonly name: string;
  readonly packageFields?: Record<string, unknown>;
  /** The tsconfig the flows are type-checked with (and, for `.mts`, the project's own). */
  readonly tsconfig: Record<string, unknown>;
  /** `flows/hello.ts` → `flows/hello.mts` in files and commands. */
  readonly extension: ".ts" | ".mts";
}

const strict = { strict: true, noEmit: true, target: "ES2022", types: [] as string[] };
const KINDS: ProjectKind[] = [
  {
    name: "commonjs",
    tsconfig: { compilerOptions: { ...strict, module: "node16", moduleResolution: "node16" } },
    extension: ".ts",
  },
  {
    name: "esm",
    packageFields: { type: "module" },
    tsconfig: { compilerOptions: { ...strict, module: "esnext", moduleResolution: "bundler" } },
    extension: ".ts",
  },
  {
    name: "mts",
    tsconfig: { compilerOptions: { ...strict, module: "nodenext", moduleResolution: "nodenext" } },
    extension: ".mts",
  },
];

describe.sequential(
  `the README in a user's own project (Node ${TEST_NODE ? TEST_NODE : process.version})`,
  () => {
    for (const [index, kind] of KINDS.entries()) {
      it(`works as written in a ${kind.name} project`, async () => {
        const first = projects[0];
        const project = await UserProject.create(root, kind.name, index === 0 ? undefined : first);
        projects.push(project);
        if (kind.packageFields) project.setPackageFields(kind.packageFields);
        if (kind.extension === ".mts") project.write("tsconfig.json", JSON.stringify(kind.tsconfig, null, 2));
        const node = await project.run("node --version");
        expect(node.stdout.trim()).toBe(
          TEST_NODE
            ? execFileSync(join(TEST_NODE, "bin", "node"), ["--version"])
                .toString()
                .trim()
            : process.version,
        );

        const results = await walkThrough(project, kind, steps);

        const output = (command: string) => {
          const found = [...results.entries()].find(([text]) => text.startsWith(command));
          expect(found, `the README runs \`${command}…\``).toBeDefined();
          return found?.[1] as Finished;
        };
        const file = (name: string) => name.replace(/\.ts$/, kind.extension);
        expect(output(`npx tsx ${file("flows/hello.ts")}`).stdout).toContain("HELLO, ADA");
        expect(output(`npx steward flow run ${file("flows/hello.ts")}:hello`).stdout).toContain("HELLO, ADA");
        expect(output("npx steward flow-run ls").stdout).toContain("hello");
        expect(output("npx steward task-run ls").stdout).toContain("shout");
        expect(output("npx steward deployment run hello/hello").stdout).toContain("Completed");
        expect(output("npm run hello").stdout).toContain("HELLO, ADA");
        // The event the README emits started the triggered deployment, which the worker ran.
        const onOrder = await api<{ id: string }>(project, "GET", "/deployments/name/handle-order/on-order");
        await waitFor(
          async () => {
            const runs = await api<{ state_type: string; parameters: Record<string, unknown> }[]>(
              project,
              "POST",
              "/flow_runs/filter",
              { flow_runs: { deployment_id: { any_: [onOrder.id] } } },
            );
            return runs.some((run) => run.state_type === "COMPLETED" && run.parameters.order_id === "42");
          },
          { timeoutMs: 60_000, what: "the run the emitted event triggers to complete" },
        );

        // Its types check as the project's TypeScript sees them (node16, bundler, nodenext resolution).
        const install = await project.run("npm install --no-save typescript@5.9");
        expect(install.code, install.stderr).toBe(0);
        project.write(
          "tsconfig.check.json",
          JSON.stringify({ ...kind.tsconfig, include: [`flows/**/*${kind.extension}`] }),
        );
        const check = await project.run("npx tsc -p tsconfig.check.json");
        expect(check.code, `${check.stdout}${check.stderr}`).toBe(0);
      }, 1_500_000);
    }
  },
);

/** Writes the README's files and runs its commands in `project`; returns each command's result. */
async function walkThrough(
  project: UserProject,
  kind: ProjectKind,
  readme: ReadmeStep[],
): Promise<Map<string, Finished>> {
  const results = new Map<string, Finished>();
  const rename = (text: string) => text.replace(/(flows\/[\w-]+)\.ts\b/g, `$1${kind.extension}`);
  let fresh = 0;
  for (const step of readme) {
    if (step.kind === "file") {
      project.write(rename(step.path), step.text);
      continue;
    }
    // A `fresh` block starts a new project of the same kind, talking to the same server.
    const target = step.fresh
      ? await UserProject.create(root, `${kind.name}-fresh-${++fresh}`, project, true)
      : project;
    if (step.fresh) projects.push(target);
    for (const command of step.commands) {
      const text = step.fresh
        ? adaptCommand(command, target, tarball)
        : rename(adaptCommand(command, target, tarball));
      const exported = /^export (\w+)=(\S+)$/.exec(text);
      if (exported) {
        target.env[exported[1] as string] = exported[2];
        continue;
      }
      if (command.keepsRunning) {
        const background = target.start(text);
        if (/steward server start/.test(text)) await serverUp(target, background);
        continue;
      }
      // An install compiles better-sqlite3: minutes on a busy machine.
      const result = await target.run(text, /^npm (install|i) /.test(text) ? 900_000 : undefined);
      expect(
        result.code,
        `README line ${command.line}: \`${text}\` exited ${result.code}\n${result.stdout}\n${result.stderr}`,
      ).toBe(0);
      results.set(text, result);
    }
  }
  return results;
}

/** Waits until the project's server answers, failing with its output when it stopped instead. */
async function serverUp(project: UserProject, background: Background): Promise<void> {
  await waitFor(
    async () => {
      if (background.child.exitCode !== null) {
        throw new Error(
          `\`steward server start\` exited ${background.child.exitCode}:\n${background.output}`,
        );
      }
      return (await fetch(`${project.apiUrl}/health`)).ok;
    },
    { timeoutMs: 60_000, what: "`steward server start` to answer" },
  );
}

async function api<T>(
  project: UserProject,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${project.apiUrl}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
