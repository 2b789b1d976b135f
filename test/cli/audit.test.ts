/** `steward audit ls` against a real server (auth off: the writes are the anonymous admin's). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditRecord } from "../../src/api/audit.js";
import { steward } from "./helpers.js";
import { startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
const run = (...argv: string[]) => steward(argv, server.env);

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe("steward audit ls", () => {
  it("lists writes newest first, filtered by resource and action, as a table or JSON", async () => {
    expect((await run("work-pool", "create", "--type", "process", "audited-pool")).code).toBe(0);
    expect((await run("work-pool", "pause", "audited-pool")).code).toBe(0);

    const table = await run("audit", "ls", "--resource", "audited-pool");
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^WHEN\s+WHO\s+ROLE\s+ACTION\s+RESOURCE\s+DETAIL\s+STATUS$/m);
    const rows = table.stdout.trim().split("\n").slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /anonymous anonymous\s+admin\s+updateWorkPool\s+work-pool audited-pool\s+fields: is_paused\s+204$/,
    );
    expect(rows[1]).toMatch(/createWorkPool\s+work-pool audited-pool\s+audited-pool\s+201$/);

    const json = await run("audit", "ls", "--action", "createWorkPool", "--json");
    const records = JSON.parse(json.stdout) as AuditRecord[];
    expect(records.map((r) => r.resource_id)).toContain("audited-pool");
    expect(records.every((r) => r.action === "createWorkPool")).toBe(true);

    const none = await run("audit", "ls", "--actor", "nobody");
    expect(none.stdout + none.stderr).toMatch(/No audit records match/);
  });

  it("refuses a bad --kind or --limit with the allowed values", async () => {
    const kind = await run("audit", "ls", "--kind", "robot");
    expect(kind.code).not.toBe(0);
    expect(kind.stderr).toContain("api-key, user, run, bootstrap, anonymous");
    const limit = await run("audit", "ls", "--limit", "1000");
    expect(limit.code).not.toBe(0);
    expect(limit.stderr).toMatch(/--limit must be a whole number from 1 to 200/);
  });
});
