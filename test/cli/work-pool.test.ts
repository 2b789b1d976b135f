import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkPool } from "../../src/api/index.js";
import { CapturedStream, steward } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), "steward-pool-files-"));
const env = () => server.env;
const run = (...argv: string[]) => steward(argv, env(), { cwd: dir });

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const readPool = (name: string) => server.client.call("readWorkPool", { params: { name } });

/** A deployment of `pool` with runs SCHEDULED at the given offsets from now (ms). */
async function scheduleRuns(pool: string, offsets: number[], queue?: string): Promise<string[]> {
  const flow = await server.client.call("createFlow", { body: { name: `preview-${pool}` } });
  const deployment = await server.client.call("createDeployment", {
    body: { name: "preview", flow_id: flow.id, work_pool_name: pool, work_queue_name: queue },
  });
  const ids: string[] = [];
  for (const offset of offsets) {
    const scheduled_time = new Date(Date.now() + offset).toISOString();
    const created = await server.client.call("createFlowRunFromDeployment", {
      params: { id: deployment.id },
      body: { state: { type: "SCHEDULED", state_details: { scheduled_time } } },
    });
    ids.push(created.id);
  }
  return ids;
}

describe("steward work-pool create / ls", () => {
  it("creates a process pool with its default queue and lists it", async () => {
    const created = await run("work-pool", "create", "--type", "process", "alpha");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created work pool "alpha" of type process, with its queue "default".');
    expect(created.stderr).toContain("steward worker start --pool alpha");
    const listed = await run("work-pool", "ls");
    expect(listed.code).toBe(0);
    const [header, ...rows] = listed.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^NAME\s+TYPE\s+STATUS\s+CONCURRENCY\s+ACTIVE\s+QUEUES$/);
    expect(rows.find((row) => row.startsWith("alpha"))).toMatch(
      /^alpha\s+process\s+NOT_READY\s+unlimited\s+0\s+1$/,
    );
  });

  it("takes a description, a limit and --paused, and lists the pool PAUSED (yellow on a terminal)", async () => {
    const created = await run(
      ...["work-pool", "create", "beta", "--paused", "--concurrency-limit", "3", "--description", "b"],
    );
    expect(created.code, created.stderr).toBe(0);
    expect(await readPool("beta")).toMatchObject({ is_paused: true, concurrency_limit: 3, description: "b" });
    const stdout = new CapturedStream({ isTTY: true, columns: 200 });
    const listed = await steward(["work-pool", "ls"], env(), { stdout });
    expect(listed.stdout).toContain("\u001b[33mPAUSED\u001b[39m");
    expect(listed.stdout).toContain("\u001b[31mNOT_READY\u001b[39m");
  });

  it("prints the pools as JSON", async () => {
    const pools = JSON.parse((await run("work-pool", "ls", "--json")).stdout) as WorkPool[];
    expect(pools.map((pool) => pool.name)).toEqual(expect.arrayContaining(["alpha", "beta"]));
    expect(pools.find((pool) => pool.name === "alpha")).toMatchObject({
      type: "process",
      status: "NOT_READY",
    });
  });

  it("refuses an existing name unless --overwrite, which updates it", async () => {
    const again = await run("work-pool", "create", "alpha");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Work pool "alpha" already exists. Pass --overwrite');
    const overwritten = await run("work-pool", "create", "alpha", "--overwrite", "--description", "new");
    expect(overwritten.code, overwritten.stderr).toBe(0);
    expect(overwritten.stdout).toContain('Updated existing work pool "alpha".');
    expect((await readPool("alpha")).description).toBe("new");
  });

  it("explains an unknown type with the known ones", async () => {
    const result = await run("work-pool", "create", "--type", "kubernetes-ish", "gamma");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("kubernetes-ish");
    expect(result.stderr).toContain("process");
    expect(result.stderr).toContain("--type");
  });
});

describe("base job templates", () => {
  it("writes the default template to a file and creates a pool from the edited file", async () => {
    const printed = await run("work-pool", "get-default-base-job-template", "--type", "process");
    expect(printed.code, printed.stderr).toBe(0);
    const template = JSON.parse(printed.stdout) as { variables: { properties: Record<string, unknown> } };
    expect(Object.keys(template.variables.properties)).toEqual(expect.arrayContaining(["env", "command"]));
    const written = await run(
      "work-pool",
      "get-default-base-job-template",
      "--type",
      "process",
      "-f",
      "t.json",
    );
    expect(written.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "t.json"), "utf8"))).toEqual(template);
    const created = await run("work-pool", "create", "templated", "--base-job-template", "t.json");
    expect(created.code, created.stderr).toBe(0);
    expect((await readPool("templated")).base_job_template).toEqual(template);
  });

  it("explains an unknown type for the default template", async () => {
    const result = await run("work-pool", "get-default-base-job-template", "--type", "nope");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("nope");
    expect(result.stderr).toContain("--type");
  });

  it("names the file and each problem: missing, not JSON, not a template", async () => {
    const missing = await run("work-pool", "create", "t1", "--base-job-template", "missing.json");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Base job template file ${join(dir, "missing.json")} does not exist`);
    expect(missing.stderr).toContain("get-default-base-job-template");

    writeFileSync(join(dir, "broken.json"), "{ not json");
    const broken = await run("work-pool", "create", "t1", "--base-job-template", "broken.json");
    expect(broken.stderr).toContain("broken.json is not valid JSON");

    writeFileSync(join(dir, "wrong.json"), JSON.stringify({ variables: { type: "array" }, extra: 1 }));
    const wrong = await run("work-pool", "create", "t1", "--base-job-template", "wrong.json");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("wrong.json is not a valid template:");
    expect(wrong.stderr).toContain('  - variables.type: must be "object"');
    expect(wrong.stderr).toContain('  - Unrecognized key: "extra"');
    expect((await server.client.call("filterWorkPools", { body: {} })).map((p) => p.name)).not.toContain(
      "t1",
    );
  });

  it("lists the server's objections to a template whose defaults break its schema", async () => {
    const template = {
      job_configuration: { command: "{{ command }}" },
      variables: { type: "object", properties: { command: { type: "string", default: 42 } } },
    };
    writeFileSync(join(dir, "bad-default.json"), JSON.stringify(template));
    const result = await run("work-pool", "create", "t2", "--base-job-template", "bad-default.json");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The API rejected the work pool (422");
    expect(result.stderr).toContain("command");
  });
});

describe("steward work-pool inspect", () => {
  it("shows fields, job variables, queues and workers", async () => {
    await server.client.call("workerHeartbeat", { params: { name: "alpha" }, body: { name: "worker-1" } });
    const result = await run("work-pool", "inspect", "alpha");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Name\s+alpha$/m);
    expect(result.stdout).toMatch(/^Status\s+READY$/m);
    expect(result.stdout).toMatch(/^Status updated\s+\d{4}-/m);
    expect(result.stdout).toMatch(/^Default queue\s+default$/m);
    expect(result.stdout).toContain("Job variables (base job template)");
    expect(result.stdout).toMatch(/^env\s+object/m);
    expect(result.stdout).toMatch(/^default\s+1\s+unlimited\s+NOT_READY\s+never$/m);
    expect(result.stdout).toMatch(/^worker-1\s+ONLINE\s+\d{4}-/m);
  });

  it("prints the pool with its queues and workers as JSON", async () => {
    const json = JSON.parse((await run("work-pool", "inspect", "alpha", "--json")).stdout);
    expect(json).toMatchObject({ name: "alpha", status: "READY" });
    expect(json.work_queues.map((q: { name: string }) => q.name)).toEqual(["default"]);
    expect(json.workers[0]).toMatchObject({ name: "worker-1", status: "ONLINE" });
  });

  it("explains an unknown pool, suggesting close names and `steward work-pool ls`", async () => {
    const result = await run("work-pool", "inspect", "alpah");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Work pool "alpah" not found. Did you mean "alpha"?');
    expect(result.stderr).toContain("steward work-pool ls");
  });
});

describe("steward work-pool update / pause / resume / limits / delete", () => {
  it("updates the limit and description, and refuses an empty update", async () => {
    const updated = await run(
      "work-pool",
      "update",
      "beta",
      "--concurrency-limit",
      "5",
      "--description",
      "c",
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect(await readPool("beta")).toMatchObject({ concurrency_limit: 5, description: "c" });
    const empty = await run("work-pool", "update", "beta");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("Nothing to update");
  });

  it("pauses and resumes", async () => {
    expect((await run("work-pool", "resume", "beta")).code).toBe(0);
    expect((await readPool("beta")).is_paused).toBe(false);
    const paused = await run("work-pool", "pause", "beta");
    expect(paused.stdout).toContain('Paused work pool "beta"');
    expect(await readPool("beta")).toMatchObject({ is_paused: true, status: "PAUSED" });
  });

  it("sets and clears the concurrency limit", async () => {
    expect((await run("work-pool", "set-concurrency-limit", "beta", "2")).stdout).toContain(
      "at most 2 flow runs",
    );
    expect((await readPool("beta")).concurrency_limit).toBe(2);
    expect((await run("work-pool", "clear-concurrency-limit", "beta")).code).toBe(0);
    expect((await readPool("beta")).concurrency_limit).toBeNull();
    const bad = await run("work-pool", "set-concurrency-limit", "beta", "-1");
    expect(bad.code).toBe(2);
  });

  it("deletes a pool, and explains an unknown one", async () => {
    expect((await run("work-pool", "create", "doomed")).code).toBe(0);
    const deleted = await run("work-pool", "delete", "doomed");
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain('Deleted work pool "doomed"');
    const again = await run("work-pool", "delete", "doomed");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Work pool "doomed" not found.');
    const update = await run("work-pool", "pause", "doomed");
    expect(update.stderr).toContain('Work pool "doomed" not found.');
  });
});

describe("steward work-pool preview", () => {
  it("lists SCHEDULED runs due within the window, late ones first, soonest first", async () => {
    expect((await run("work-pool", "create", "previewed")).code).toBe(0);
    const [late, soon, later] = await scheduleRuns("previewed", [-60_000, 10 * 60_000, 3 * 3_600_000]);
    const result = await run("work-pool", "preview", "previewed");
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^SCHEDULED\s+STATE\s+RUN\s+ID\s+DEPLOYMENT\s+QUEUE$/);
    expect(rows.map((row) => row.split(/\s{2,}/)[3])).toEqual([late, soon]);
    expect(rows[0]).toContain("preview-previewed/preview");
    expect(rows[0]).toMatch(/default$/);
    const wide = JSON.parse(
      (await run("work-pool", "preview", "previewed", "--hours", "4", "--json")).stdout,
    );
    expect(wide.map((r: { id: string }) => r.id)).toEqual([late, soon, later]);
  });

  it("says when nothing is due, and explains an unknown pool", async () => {
    const empty = await run("work-pool", "preview", "alpha", "--hours", "0.5");
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain('No runs of pool "alpha" are scheduled within 0.5 hours.');
    const unknown = await run("work-pool", "preview", "nowhere");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Work pool "nowhere" not found.');
    expect((await run("work-pool", "preview", "alpha", "--hours", "soon")).code).toBe(2);
  });
});
