import { describe, expect, it } from "vitest";
import type { TopUpResult } from "../storage/scheduler/index.js";
import type { Store } from "../storage/store.js";
import { SCHEDULE_CAPPED_EVENT, ScheduleCapReporter } from "./schedule-cap-reporter.js";

function result(capped: readonly string[]): TopUpResult {
  return {
    deployments: 2,
    schedules: 2,
    inserted: 0,
    elapsedMs: 1,
    skipped: 0,
    capped: capped.map((deploymentId) => ({ deploymentId, waiting: 5, cap: 5 })),
  };
}

describe("ScheduleCapReporter", () => {
  it("says once while capped, again only after the deployment was under the cap in between", async () => {
    const events: unknown[] = [];
    const store = {
      events: { insert: async (batch: unknown[]) => events.push(...batch) },
    } as unknown as Store;
    const lines: string[] = [];
    const reporter = new ScheduleCapReporter(store, (line) => lines.push(line));
    for (let i = 0; i < 5; i++) await reporter.record(result(["a"]), undefined);
    expect(lines).toHaveLength(1);
    expect(events).toMatchObject([
      { event: SCHEDULE_CAPPED_EVENT, resource: { "steward.resource.id": "steward.deployment.a" } },
    ]);
    // A fast-path top-up of another deployment says nothing about "a".
    await reporter.record(result([]), ["b"]);
    await reporter.record(result(["a"]), undefined);
    expect(lines).toHaveLength(1);
    // Under the cap once, then capped again: said again.
    await reporter.record(result([]), undefined);
    await reporter.record(result(["a"]), undefined);
    expect(lines).toHaveLength(2);
    expect(events).toHaveLength(2);
  });

  it("a failed event write is logged, not thrown", async () => {
    const store = {
      events: {
        insert: async () => {
          throw new Error("disk full");
        },
      },
    } as unknown as Store;
    const lines: string[] = [];
    await new ScheduleCapReporter(store, (line) => lines.push(line)).record(result(["a"]), undefined);
    expect(lines[1]).toContain("disk full");
  });
});
