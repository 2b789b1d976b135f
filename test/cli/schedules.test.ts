import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../src/api/deployments.js";
import { loadSettings } from "../../src/config/settings.js";
import { configureSdk, resetSdk } from "../../src/sdk/index.js";
import { report } from "./fixtures/deploy-flows.js";
import { CapturedStream, steward } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE = "test/cli/fixtures/deploy-flows.ts:report";
let server: TestServer;
const project = mkdtempSync(join(tmpdir(), "steward-schedules-project-"));

const run = (...argv: string[]) => steward(argv, server.env, { cwd: ROOT });
const inProject = (...argv: string[]) => steward(argv, server.env, { cwd: project });
const read = (flow: string, name: string) =>
  server.client.call("readDeploymentByName", { params: { flow_name: flow, deployment_name: name } });

/** A deployment of flow "sched" made through the API, with the given schedules. */
async function deployment(name: string, extra: Record<string, unknown> = {}): Promise<Deployment> {
  const flow = await server.client.call("createFlow", { body: { name: "sched" } });
  return server.client.call("createDeployment", {
    body: { name, flow_id: flow.id, work_pool_name: "pool", ...extra },
  });
}

beforeAll(async () => {
  server = await startTestServer();
  await server.client.call("createWorkPool", { body: { name: "pool" } });
  mkdirSync(join(project, "flows"));
  writeFileSync(join(project, "package.json"), '{ "type": "module" }');
  writeFileSync(
    join(project, "flows/etl.ts"),
    `import { flow } from ${JSON.stringify(join(ROOT, "src/index.ts"))};\n` +
      `export const etl = flow({ name: "sched-yaml" }, async () => 1);\n`,
  );
});
afterAll(async () => {
  resetSdk();
  await server.close();
  rmSync(project, { recursive: true, force: true });
});

describe("steward deployment schedule create", () => {
  it("adds a cron schedule with its options, and prints the next run", async () => {
    await deployment("create");
    const result = await run(
      ...["deployment", "schedule", "create", "sched/create", "--cron", "0 9 * * 1-5"],
      ...["--timezone", "Europe/Paris", "--no-day-or", "--slug", "weekdays", "--param", "n=3"],
      ...["--max-scheduled-runs", "5"],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Created schedule [0-9a-f-]{36} for "sched\/create"/m);
    expect(result.stdout).toMatch(/next run: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    const [schedule] = (await read("sched", "create")).schedules;
    expect(schedule).toMatchObject({
      active: true,
      slug: "weekdays",
      parameters: { n: 3 },
      max_scheduled_runs: 5,
      schedule: { cron: "0 9 * * 1-5", timezone: "Europe/Paris", day_or: false },
    });
  });

  it("adds interval (seconds and ISO-8601) and rrule schedules, inactive with --inactive", async () => {
    await deployment("kinds");
    const name = "sched/kinds";
    const interval = await run("deployment", "schedule", "create", name, "--interval", "PT10M", "--json");
    expect(interval.code, interval.stderr).toBe(0);
    expect(JSON.parse(interval.stdout)).toMatchObject({ schedule: { interval: 600 }, active: true });
    const anchored = await run(
      ...["deployment", "schedule", "create", name, "--interval", "90"],
      ...["--anchor-date", "2025-01-01T00:00:00Z", "--inactive", "--slug", "slow"],
    );
    expect(anchored.code, anchored.stderr).toBe(0);
    expect(anchored.stdout).toContain("inactive: it creates no runs until resumed");
    const rrule = await run(
      ...["deployment", "schedule", "create", name, "--rrule", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8"],
      ...["--timezone", "America/New_York"],
    );
    expect(rrule.code, rrule.stderr).toBe(0);
    const schedules = (await read("sched", "kinds")).schedules;
    expect(schedules.map((s) => [s.schedule, s.active])).toEqual([
      [expect.objectContaining({ interval: 600 }), true],
      [expect.objectContaining({ interval: 90 }), false],
      [
        expect.objectContaining({ rrule: "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8", timezone: "America/New_York" }),
        true,
      ],
    ]);
    expect(Date.parse(String((schedules[1]?.schedule as { anchor_date: string }).anchor_date))).toBe(
      Date.parse("2025-01-01T00:00:00Z"),
    );
  });

  it("--replace removes the existing schedules first; a taken slug is refused without it", async () => {
    await deployment("replace", { schedules: [{ schedule: { interval: 60 }, slug: "minute" }] });
    const taken = await run(
      "deployment",
      "schedule",
      "create",
      "sched/replace",
      "--interval",
      "30",
      "--slug",
      "minute",
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already has a schedule with slug "minute"');
    expect(taken.stderr).toContain("--replace");
    const replaced = await run(
      ...["deployment", "schedule", "create", "sched/replace", "--cron", "*/5 * * * *", "--replace"],
    );
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain("(replacing 1 schedule)");
    const schedules = (await read("sched", "replace")).schedules;
    expect(schedules.map((s) => s.schedule)).toEqual([expect.objectContaining({ cron: "*/5 * * * *" })]);
  });

  it("checks the schedule locally and prints every problem, calling no API", async () => {
    // No server at this address: validation must fail before any call is made.
    const offline = { STEWARD_HOME: server.home, STEWARD_API_URL: "http://127.0.0.1:9/api" };
    const create = (...flags: string[]) =>
      steward(["deployment", "schedule", "create", "sched/create", ...flags], offline, { cwd: ROOT });

    const both = await create("--cron", "61 * * * *", "--timezone", "Europe/Berln");
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("The schedule is not valid:");
    expect(both.stderr).toMatch(/--cron: .*61/);
    expect(both.stderr).toContain('--timezone: unknown time zone "Europe/Berln"');

    const zero = await create("--interval", "0");
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/--interval: .*(zero|positive|greater)/i);

    const count = await create("--rrule", "FREQ=DAILY;COUNT=3");
    expect(count.code).toBe(1);
    expect(count.stderr).toMatch(/--rrule: .*COUNT/);

    const badIso = await create("--interval", "P1M");
    expect(badIso.code).toBe(1);
    expect(badIso.stderr).toContain('--interval: Interval "P1M" is not valid');

    const none = await create("--timezone", "UTC");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Give a schedule: --cron EXPR, --interval");
    const two = await create("--cron", "* * * * *", "--interval", "60");
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("not --cron and --interval");
    const anchor = await create("--cron", "* * * * *", "--anchor-date", "2025-01-01");
    expect(anchor.stderr).toContain("--anchor-date only applies to an --interval schedule");
  });

  it("explains a missing or malformed FLOW/DEPLOYMENT", async () => {
    const missing = await run("deployment", "schedule", "create", "sched/nope", "--interval", "60");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Deployment "sched/nope" not found.');
    const malformed = await run("deployment", "schedule", "ls", "just-a-name");
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("is not a deployment name: write FLOW/DEPLOYMENT");
    const noArgument = await run("deployment", "schedule", "ls");
    expect(noArgument.code).toBe(2);
    expect(noArgument.stderr).toContain("missing required argument");
  });
});

describe("steward deployment schedule ls / pause / resume / delete / clear", () => {
  let target: Deployment;
  beforeAll(async () => {
    target = await deployment("manage", {
      schedules: [
        { schedule: { interval: 3600 }, slug: "hourly" },
        { schedule: { cron: "0 2 * * *", timezone: "Europe/Paris" }, slug: "nightly", active: false },
        { schedule: { rrule: "FREQ=DAILY;BYHOUR=6" } },
      ],
    });
  });

  it("lists id, slug, schedule, active and next run; --json adds description and next run time", async () => {
    const table = await run("deployment", "schedule", "ls", "sched/manage");
    expect(table.code, table.stderr).toBe(0);
    const [header, ...rows] = table.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID\s+SLUG\s+SCHEDULE\s+ACTIVE\s+NEXT RUN$/);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/hourly\s+.+\s+yes\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(rows[1]).toMatch(/nightly\s+.+\s+no\s+- \(inactive\)$/);
    expect(rows[2]).toMatch(/^[0-9a-f-]{36}\s+-\s+/);

    const json = await run("deployment", "schedule", "ls", "sched/manage", "--json");
    const listed = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(listed).toHaveLength(3);
    expect(listed[0]).toMatchObject({ slug: "hourly", active: true, schedule: { interval: 3600 } });
    expect(typeof listed[0]?.description).toBe("string");
    const next = Date.parse(String(listed[0]?.next_run_time));
    expect(next).toBeGreaterThan(Date.now() - 1000);
    expect(next).toBeLessThanOrEqual(Date.now() + 3_600_000 + 1000);
    expect(listed[1]?.next_run_time).toBeNull();
  });

  it("pauses and resumes a schedule by slug or id", async () => {
    const paused = await run("deployment", "schedule", "pause", "sched/manage", "hourly");
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toContain('Schedule hourly of "sched/manage" paused');
    expect((await read("sched", "manage")).schedules[0]?.active).toBe(false);
    const again = await run("deployment", "schedule", "pause", "sched/manage", "hourly");
    expect(again.stdout).toContain("already paused; nothing changed");

    const id = target.schedules[1]?.id ?? "";
    const resumed = await run("deployment", "schedule", "resume", "sched/manage", id);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("resumed");
    expect((await read("sched", "manage")).schedules.map((s) => s.active)).toEqual([false, true, true]);
  });

  it("refuses an unknown id or slug, listing the deployment's schedules", async () => {
    const result = await run("deployment", "schedule", "delete", "sched/manage", "weekly");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Deployment "sched/manage" has no schedule with id or slug "weekly".');
    expect(result.stderr).toContain("- hourly:");
    expect(result.stderr).toContain("steward deployment schedule ls sched/manage");
  });

  it("deletes one schedule", async () => {
    const result = await run("deployment", "schedule", "delete", "sched/manage", "nightly");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Deleted schedule nightly of "sched/manage"');
    expect((await read("sched", "manage")).schedules.map((s) => s.slug)).toEqual(["hourly", null]);
  });

  it("clear refuses without -y when there is no terminal, and clears with it", async () => {
    const refused = await run("deployment", "schedule", "clear", "sched/manage");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("without confirmation");
    expect(refused.stderr).toContain("steward deployment schedule clear sched/manage -y");
    expect((await read("sched", "manage")).schedules).toHaveLength(2);

    const cleared = await run("deployment", "schedule", "clear", "sched/manage", "-y");
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toContain('Deleted 2 schedules of "sched/manage"');
    expect((await read("sched", "manage")).schedules).toEqual([]);

    const empty = await run("deployment", "schedule", "ls", "sched/manage");
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain('Deployment "sched/manage" has no schedules. Add one with');
  });
});

describe("steward deployment inspect", () => {
  it("shows each schedule described, its next three runs, and the catch-up policy", async () => {
    await deployment("inspected", {
      catchup_policy: "skip",
      schedules: [
        { schedule: { cron: "30 6 * * *", timezone: "UTC" }, slug: "morning" },
        { schedule: { interval: 60 }, active: false },
      ],
    });
    const stdout = new CapturedStream({ columns: 200 });
    const result = await steward(["deployment", "inspect", "sched/inspected"], server.env, { stdout });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Schedules\s+.+\[slug morning\]/m);
    const times = /next runs: (.+)$/m.exec(result.stdout)?.[1]?.split(", ") ?? [];
    expect(times).toHaveLength(3);
    const instants = times.map((time) => new Date(time.replace(" ", "T")).getTime());
    for (const [i, instant] of instants.entries()) {
      expect(new Date(instant).getUTCHours()).toBe(6);
      expect(new Date(instant).getUTCMinutes()).toBe(30);
      if (i > 0) expect(instant - (instants[i - 1] ?? 0)).toBe(86_400_000);
    }
    expect(result.stdout).toContain("next runs: none while inactive");
    expect(result.stdout).toMatch(/^Catch-up policy\s+skip \(/m);
  });
});

describe("steward deploy with schedules and a catch-up policy", () => {
  const deploy = (name: string, ...flags: string[]) =>
    run("deploy", FIXTURE, "--name", name, "--pool", "pool", ...flags);

  it("deploys each schedule kind, ISO-8601 intervals and each catch-up policy", async () => {
    const interval = await deploy("iso", "--interval", "PT10M", "--catchup-policy", "run_all");
    expect(interval.code, interval.stderr).toBe(0);
    const cron = await deploy(
      "cron",
      "--cron",
      "0 2 * * *",
      "--timezone",
      "Europe/Paris",
      "--catchup-policy",
      "skip",
    );
    expect(cron.code, cron.stderr).toBe(0);
    const rrule = await deploy("rrule", "--rrule", "FREQ=WEEKLY;BYDAY=MO", "--catchup-policy", "run-latest");
    expect(rrule.code, rrule.stderr).toBe(0);
    const plain = await deploy("default", "--interval", "60");
    expect(plain.code, plain.stderr).toBe(0);
    expect(await read("cli-report", "iso")).toMatchObject({
      catchup_policy: "run_all",
      schedules: [expect.objectContaining({ schedule: expect.objectContaining({ interval: 600 }) })],
    });
    expect(await read("cli-report", "cron")).toMatchObject({
      catchup_policy: "skip",
      schedules: [
        expect.objectContaining({
          schedule: expect.objectContaining({ cron: "0 2 * * *", timezone: "Europe/Paris" }),
        }),
      ],
    });
    expect(await read("cli-report", "rrule")).toMatchObject({
      catchup_policy: "run_latest",
      schedules: [
        expect.objectContaining({ schedule: expect.objectContaining({ rrule: "FREQ=WEEKLY;BYDAY=MO" }) }),
      ],
    });
    expect((await read("cli-report", "default")).catchup_policy).toBe("run_latest");
  });

  it("refuses bad schedules and policies before deploying, naming the flag", async () => {
    const bad = await deploy("bad", "--cron", "not a cron", "--timezone", "Mars/Olympus");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--cron: ");
    expect(bad.stderr).toContain('--timezone: unknown time zone "Mars/Olympus"');
    const zero = await deploy("bad", "--interval", "0");
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain("--interval: ");
    const count = await deploy("bad", "--rrule", "FREQ=DAILY;COUNT=2");
    expect(count.code).toBe(1);
    expect(count.stderr).toMatch(/--rrule: .*COUNT/);
    const policy = await deploy("bad", "--interval", "60", "--catchup-policy", "sometimes");
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain('--catchup-policy "sometimes" is not one of run_all, run_latest, skip');
    await expect(read("cli-report", "bad")).rejects.toMatchObject({ status: 404 });
  });

  it("reads schedules and catchup_policy from steward.yaml", async () => {
    writeFileSync(
      join(project, "steward.yaml"),
      `deployments:
  - name: planned
    entrypoint: flows/etl.ts:etl
    catchup_policy: run_all
    work_pool: { name: pool }
    schedules:
      - interval: PT15M
        anchor_date: "2025-01-01T00:00:00Z"
        slug: quarter
        max_scheduled_runs: 4
      - cron: "0 8 * * 1-5"
        timezone: America/New_York
        day_or: false
        parameters: { n: 2 }
      - rrule: "FREQ=MONTHLY;BYMONTHDAY=1"
        active: false
`,
    );
    const result = await inProject("deploy", "--all");
    expect(result.code, result.stderr).toBe(0);
    const planned = await read("sched-yaml", "planned");
    expect(planned.catchup_policy).toBe("run_all");
    expect(planned.schedules).toEqual([
      expect.objectContaining({
        slug: "quarter",
        max_scheduled_runs: 4,
        schedule: expect.objectContaining({ interval: 900 }),
      }),
      expect.objectContaining({
        parameters: { n: 2 },
        schedule: expect.objectContaining({
          cron: "0 8 * * 1-5",
          timezone: "America/New_York",
          day_or: false,
        }),
      }),
      expect.objectContaining({
        active: false,
        schedule: expect.objectContaining({ rrule: "FREQ=MONTHLY;BYMONTHDAY=1" }),
      }),
    ]);
  });

  it("reports each schedule problem of steward.yaml with its path", async () => {
    writeFileSync(
      join(project, "bad.yaml"),
      `deployments:
  - name: broken
    entrypoint: flows/etl.ts:etl
    catchup_policy: sometimes
    work_pool: { name: pool }
    schedules:
      - interval: 0
      - cron: "0 25 * * *"
        timezone: Europe/Berln
      - rrule: "FREQ=DAILY;COUNT=5"
      - cron: "* * * * *"
        anchor_date: "2025-01-01"
`,
    );
    const result = await inProject("deploy", "--file", "bad.yaml", "--all");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("bad.yaml is not valid:");
    expect(result.stderr).toContain("deployments[0].schedules[0].interval: ");
    expect(result.stderr).toContain("deployments[0].schedules[1].cron: ");
    expect(result.stderr).toContain('deployments[0].schedules[1].timezone: unknown time zone "Europe/Berln"');
    expect(result.stderr).toMatch(/deployments\[0\]\.schedules\[2\]\.rrule: .*COUNT/);
    expect(result.stderr).toContain(
      "deployments[0].schedules[3].anchor_date: only applies to an interval schedule",
    );
    expect(result.stderr).toContain("deployments[0].catchup_policy: ");
    await expect(read("sched-yaml", "broken")).rejects.toMatchObject({ status: 404 });
  });
});

describe("flow.deploy({ schedules, catchupPolicy })", () => {
  beforeAll(() => {
    configureSdk({ settings: loadSettings({ STEWARD_HOME: server.home, STEWARD_API_URL: server.apiUrl }) });
  });

  it("registers the schedules with their options and the catch-up policy", async () => {
    const deployed = await report.deploy({
      name: "sdk-scheduled",
      workPool: "pool",
      catchupPolicy: "skip",
      schedules: [
        { cron: "0 6 * * *", timezone: "Europe/Berlin", slug: "six", dayOr: false, maxScheduledRuns: 3 },
        { interval: "PT1H", parameters: { day: "mon" } },
      ],
    });
    expect(deployed.catchup_policy).toBe("skip");
    expect(deployed.schedules).toEqual([
      expect.objectContaining({
        slug: "six",
        max_scheduled_runs: 3,
        schedule: expect.objectContaining({ cron: "0 6 * * *", timezone: "Europe/Berlin", day_or: false }),
      }),
      expect.objectContaining({
        parameters: { day: "mon" },
        schedule: expect.objectContaining({ interval: 3600 }),
      }),
    ]);
  });

  it("refuses an invalid schedule with every problem, before any call", async () => {
    await expect(
      report.deploy({
        name: "sdk-bad",
        workPool: "pool",
        schedules: [{ cron: "99 * * * *", timezone: "Nowhere/X" }],
      }),
    ).rejects.toThrow(/timezone: unknown time zone "Nowhere\/X"[\s\S]*cron: invalid cron "99 \* \* \* \*"/);
  });
});
