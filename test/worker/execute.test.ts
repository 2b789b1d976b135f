import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StewardProcess } from "../e2e/harness.js";
import { waitFor } from "./fakes.js";
import {
  deploy,
  ROOT,
  runDeployment,
  startWorkerTestServer,
  type WorkerTestServer,
  waitForRun,
} from "./harness.js";

const FLOWS = join(ROOT, "test/worker/fixtures/flows.ts");

describe("steward flow-run execute", () => {
  let server: WorkerTestServer;
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), "steward-execute-")));

  beforeAll(async () => {
    server = await startWorkerTestServer();
  });
  afterAll(async () => {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Runs `steward flow-run execute ID` as a real process started in `cwd`. */
  const execute = (id: string, cwd = scratch) =>
    new StewardProcess(["flow-run", "execute", id], server.childEnv, cwd);

  it("runs the deployment's pull steps, then its flow, adopting the run to COMPLETED", async () => {
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      entrypoint: "test/worker/fixtures/flows.ts:greet",
    });
    const out = join(scratch, "greet.txt");
    const run = await runDeployment(server.client, deploymentId, { out, name: "Ada" });
    const result = await execute(run.id).exited;
    expect(result.code, result.stderr).toBe(0);
    const done = await server.client.call("readFlowRun", { params: { id: run.id } });
    expect(done.state_type).toBe("COMPLETED");
    // set_working_directory moved the process to the repository root before the flow ran.
    expect(readFileSync(out, "utf8")).toBe(`hello Ada ${ROOT} ${run.id}\n`);
  });

  it("runs shell scripts in order before the flow", async () => {
    const marker = join(scratch, "marker.txt");
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      name: "with-script",
      entrypoint: `${FLOWS}:greet`,
      pullSteps: [
        { run_shell_script: { script: `echo one > ${marker}` } },
        { run_shell_script: { script: `echo two >> ${marker}`, directory: scratch } },
      ],
    });
    const run = await runDeployment(server.client, deploymentId, { out: join(scratch, "script.txt") });
    const result = await execute(run.id).exited;
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(marker, "utf8")).toBe("one\ntwo\n");
  });

  it("clones a git repository and runs the flow from the clone", async () => {
    const repo = makeFlowRepository(scratch);
    const deploymentId = await deploy(server.client, {
      flowName: "cloned",
      entrypoint: "flows/cloned.ts:cloned",
      pullSteps: [{ git_clone: { repository: repo, branch: "main" } }],
    });
    const out = join(scratch, "cloned.txt");
    const run = await runDeployment(server.client, deploymentId, { out });
    const startIn = mkdtempSync(join(scratch, "start-"));
    const result = await execute(run.id, startIn).exited;
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(`cloned in ${join(startIn, "flows-repo")}\n`);
    expect((await server.client.call("readFlowRun", { params: { id: run.id } })).state_type).toBe(
      "COMPLETED",
    );
  });

  it.each([
    ["a missing file", "test/worker/fixtures/nope.ts:greet", /the file .*nope\.ts does not exist/],
    [
      "an export that is not a flow",
      "test/worker/fixtures/flows.ts:notAFlow",
      /"notAFlow" .* is a function, not a flow/,
    ],
    [
      "a module that fails to import",
      "test/worker/fixtures/broken.ts:never",
      /importing .*broken\.ts failed: this module is broken on purpose/,
    ],
  ])("fails the run (not CRASHED) with a clear message for %s", async (_, entrypoint, message) => {
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      name: `bad-${entrypoint.length}`,
      entrypoint,
    });
    const run = await runDeployment(server.client, deploymentId, { out: join(scratch, "never.txt") });
    const process = execute(run.id);
    const result = await process.exited;
    expect(result.code).toBe(1);
    const failed = await server.client.call("readFlowRun", { params: { id: run.id } });
    expect(failed.state_type).toBe("FAILED");
    expect(failed.state?.message).toMatch(/^Flow run could not start: Entrypoint/);
    expect(failed.state?.message).toMatch(message);
    expect(result.stderr).toMatch(message);
  });

  it("fails the run when a pull step fails, naming the step", async () => {
    const deploymentId = await deploy(server.client, {
      flowName: "greet",
      name: "bad-step",
      entrypoint: `${FLOWS}:greet`,
      pullSteps: [{ run_shell_script: { script: "echo no disk >&2; exit 7" } }],
    });
    const run = await runDeployment(server.client, deploymentId, { out: join(scratch, "never.txt") });
    const result = await execute(run.id).exited;
    expect(result.code).toBe(1);
    const failed = await server.client.call("readFlowRun", { params: { id: run.id } });
    expect(failed.state_type).toBe("FAILED");
    expect(failed.state?.message).toBe(
      "Flow run could not start: Pull step 1 of 1 (run_shell_script) failed: the script exited with 7: no disk",
    );
  });

  it("marks the run CRASHED and exits 143 on SIGTERM", async () => {
    const deploymentId = await deploy(server.client, { flowName: "sleeper", entrypoint: `${FLOWS}:sleeper` });
    const pids = join(scratch, "sigterm-pids");
    const run = await runDeployment(server.client, deploymentId, { pids });
    const child = execute(run.id);
    await waitFor(() => existsSync(pids), "the flow to start");
    await waitForRun(server.client, run.id, (r) => r.state_type === "RUNNING", "to run");
    child.child.kill("SIGTERM");
    const result = await child.exited;
    expect(result.code).toBe(143);
    const crashed = await server.client.call("readFlowRun", { params: { id: run.id } });
    expect(crashed.state_type).toBe("CRASHED");
    expect(crashed.state?.message).toMatch(/terminated by SIGTERM/);
  });

  it("says how to name the run when there is no id", async () => {
    const env = { ...server.childEnv, STEWARD_FLOW_RUN_ID: "" };
    const result = await new StewardProcess(["flow-run", "execute"], env, scratch).exited;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Name the flow run to execute/);
  });
});

/** A bare git repository whose `flows/cloned.ts` flow writes where it runs. */
function makeFlowRepository(scratch: string): string {
  const work = join(scratch, "flows-work");
  mkdirSync(join(work, "flows"), { recursive: true });
  // Outside this package "steward" would not resolve, so the clone imports the built SDK by path.
  const sdk = join(ROOT, "dist/index.js");
  writeFileSync(
    join(work, "flows/cloned.ts"),
    [
      `import { writeFileSync } from "node:fs";`,
      `import { flow } from ${JSON.stringify(sdk)};`,
      `export const cloned = flow({ name: "cloned" }, async ({ out }: { out: string }) => {`,
      "  writeFileSync(out, `cloned in ${process.cwd()}\\n`);",
      `});`,
    ].join("\n"),
  );
  // As in a user's project: the package.json makes .ts files ES modules.
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "flows-repo", type: "module" }));
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@e.x",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@e.x",
      },
    });
  git(work, "init", "-q", "-b", "main");
  git(work, "add", ".");
  git(work, "commit", "-q", "-m", "flows");
  const bare = join(scratch, "flows-repo.git");
  git(scratch, "clone", "-q", "--bare", work, bare);
  return bare;
}
