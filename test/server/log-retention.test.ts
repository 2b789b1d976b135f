import { describe, expect, it } from "vitest";
import { logRetentionService } from "../../src/server/services/log-retention.js";
import type { Store } from "../../src/server/storage/store.js";

describe("log-retention service", () => {
  it("deletes lines older than the retention period on each tick", async () => {
    const cutOffs: number[] = [];
    const store = {
      logs: {
        deleteBefore: async (timestamp: number) => {
          cutOffs.push(timestamp);
          return 3;
        },
      },
    } as unknown as Store;
    const lines: string[] = [];
    const now = Date.parse("2030-01-31T00:00:00Z");
    const service = logRetentionService({
      store,
      retentionDays: 30,
      now: () => now,
      log: (l) => lines.push(l),
    });

    await service.tick();

    expect(cutOffs).toEqual([Date.parse("2030-01-01T00:00:00Z")]);
    expect(lines).toEqual(["log-retention: deleted 3 log lines older than 30 days"]);
  });
});
