import { describe, expect, it } from "vitest";
import { crashMessage, explainExit, statusCodeOf } from "./exit-codes.js";

describe("exit codes", () => {
  it("turns a signal into a negative status code, as Prefect reports it", () => {
    expect(statusCodeOf({ code: null, signal: "SIGKILL" })).toBe(-9);
    expect(statusCodeOf({ code: null, signal: "SIGTERM" })).toBe(-15);
    expect(statusCodeOf({ code: 3, signal: null })).toBe(3);
  });

  it.each([
    [{ code: null, signal: "SIGKILL" as const }, /killed by SIGKILL \(e\.g\. out of memory or `kill -9`\)/],
    [{ code: null, signal: "SIGTERM" as const }, /terminated by SIGTERM \(e\.g\. cancellation or shutdown\)/],
    [{ code: 143, signal: null }, /terminated by SIGTERM/],
    [{ code: 127, signal: null }, /command was not found/],
    [{ code: 126, signal: null }, /not executable/],
    [{ code: 137, signal: null }, /killed, likely out of memory/],
    [{ code: 1, signal: null }, /General error; see the flow run's logs/],
    [{ code: null, signal: "SIGSEGV" as const }, /killed by SIGSEGV/],
    [{ code: 134, signal: null }, /killed by SIGABRT \(134 = 128 \+ 6\)/],
    [{ code: 42, signal: null }, /See the flow run's logs/],
  ])("explains %o", (exit, expected) => {
    expect(explainExit(exit)).toMatch(expected);
  });

  it("builds the CRASHED message with the status code", () => {
    expect(crashMessage({ code: null, signal: "SIGKILL" })).toBe(
      "Flow run infrastructure exited with non-zero status code -9. The process was killed by SIGKILL (e.g. out of memory or `kill -9`).",
    );
    expect(crashMessage({ code: 0, signal: null })).toMatch(/process exited without reporting a final state/);
  });
});
