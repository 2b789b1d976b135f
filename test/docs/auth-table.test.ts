/**
 * docs/auth.md lists what every route needs; this test makes that table from the route table and
 * fails when the document says something else. `STEWARD_UPDATE_DOCS=1 npx vitest run
 * test/docs/auth-table.test.ts` rewrites the table in place.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type RouteSpec, routes } from "../../src/api/routes.js";

const DOC = join(import.meta.dirname, "../../docs/auth.md");
const START = "<!-- route-access:start -->";
const END = "<!-- route-access:end -->";

/** The markdown table: one row per route, grouped by tag in table order. */
function accessTable(): string {
  const rows = (Object.values(routes) as RouteSpec[]).map((spec) => {
    const who = spec.access.role === "open" ? "anyone, no key" : `${spec.access.role}+`;
    const extra = [spec.access.worker ? "worker" : "", spec.access.run ? "flow run" : ""].filter(Boolean);
    return `| ${spec.tag} | \`${spec.method} /api${spec.path}\` | ${who} | ${extra.join(", ")} |`;
  });
  return ["| area | route | role | also |", "|---|---|---|---|", ...rows].join("\n");
}

describe("docs/auth.md", () => {
  it("lists the access of every route as the route table declares it", () => {
    const text = readFileSync(DOC, "utf8");
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start, `docs/auth.md needs the markers ${START} … ${END}`).toBeGreaterThan(-1);
    const expected = `${START}\n${accessTable()}\n${END}`;
    const actual = text.slice(start, end + END.length);
    if (actual !== expected && process.env.STEWARD_UPDATE_DOCS === "1") {
      writeFileSync(DOC, text.slice(0, start) + expected + text.slice(end + END.length));
      return;
    }
    expect(actual).toBe(expected);
  });
});
