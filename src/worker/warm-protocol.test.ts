import { describe, expect, it } from "vitest";
import { fitsWarmProcess, isRunDone, isWarmAssignment, isWarmReady, WARM_READY } from "./warm-protocol.js";

describe("the warm-process protocol", () => {
  it("tells its messages from anything else on the channel", () => {
    expect(isWarmReady(WARM_READY)).toBe(true);
    expect(isWarmReady({ type: "other" })).toBe(false);
    expect(isWarmReady(null)).toBe(false);
    const assignment = {
      type: "steward.warm.run",
      flowRunId: "r",
      flowRun: { id: "r" },
      deployment: null,
      env: { A: "1" },
      cwd: "/tmp",
      reuse: false,
    };
    expect(isWarmAssignment(assignment)).toBe(true);
    expect(isWarmAssignment({ ...assignment, reuse: undefined })).toBe(false);
    expect(isWarmAssignment({ ...assignment, env: { A: 1 } })).toBe(false);
    expect(isWarmAssignment({ ...assignment, cwd: undefined })).toBe(false);
    expect(isWarmAssignment({ ...assignment, flowRun: null })).toBe(false);
    expect(isWarmAssignment({ ...assignment, deployment: undefined })).toBe(false);
    expect(isWarmAssignment(WARM_READY)).toBe(false);
    const done = { type: "steward.run.done", flowRunId: "r", exitCode: 0, rssBytes: 1 };
    expect(isRunDone(done)).toBe(true);
    expect(isRunDone({ ...done, exitCode: "0" })).toBe(false);
    expect(isRunDone({ ...done, rssBytes: undefined })).toBe(false);
    expect(isRunDone(assignment)).toBe(false);
  });

  it("fits a run whose environment differs only in what Node reads after it started", () => {
    const started = { PATH: "/bin", NODE_OPTIONS: "--max-old-space-size=512", TZ: "UTC" };
    expect(fitsWarmProcess(started, { ...started, TZ: "Europe/Paris", API_TOKEN: "x" })).toBe(true);
    expect(fitsWarmProcess(started, { PATH: "/bin", NODE_OPTIONS: "--max-old-space-size=512" })).toBe(true);
    // Options, module paths, CA certificates and the thread pool are read at start: a cold start.
    expect(fitsWarmProcess(started, { ...started, NODE_OPTIONS: "--inspect" })).toBe(false);
    expect(fitsWarmProcess(started, { PATH: "/bin", TZ: "UTC" })).toBe(false);
    expect(fitsWarmProcess(started, { ...started, NODE_EXTRA_CA_CERTS: "/ca.pem" })).toBe(false);
    expect(fitsWarmProcess(started, { ...started, UV_THREADPOOL_SIZE: "16" })).toBe(false);
  });
});
