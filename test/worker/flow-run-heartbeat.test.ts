import { describe, expect, it } from "vitest";
import { FlowRunHeartbeat } from "../../src/sdk/flow-run-heartbeat.js";
import { FakeClient, waitFor } from "./fakes.js";

describe("flow-run heartbeats", () => {
  it("beats every interval while started, ignores errors, and stops when told", async () => {
    let calls = 0;
    const client = new FakeClient().on("flowRunHeartbeat", () => {
      calls++;
      if (calls === 2) throw new Error("API briefly down");
    });
    const heartbeat = new FlowRunHeartbeat(client.client, "run-1", 20);
    heartbeat.start();
    heartbeat.start();
    await waitFor(() => calls >= 4, "four beats");
    heartbeat.stop();
    const stoppedAt = calls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(stoppedAt);
    expect(client.calls[0]?.input).toEqual({ params: { id: "run-1" } });
  });

  it("beats at once when asked (a run told to wait for its time), never rejecting", async () => {
    let calls = 0;
    const client = new FakeClient().on("flowRunHeartbeat", () => {
      calls++;
      if (calls === 2) throw new Error("API briefly down");
    });
    const heartbeat = new FlowRunHeartbeat(client.client, "run-1", 60_000);
    await heartbeat.beatNow();
    await heartbeat.beatNow();
    expect(calls).toBe(2);
  });
});
