import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { OrchestrationResult, StateCreate } from "../../src/api/states.js";
import { StewardClient } from "../../src/client/index.js";
import { runFlowWith } from "../../src/engine/index.js";
import { AbortError, CancelledError, flow } from "../../src/index.js";
import { configureForTest, makeHome } from "./helpers.js";

/**
 * The client's side of each orchestration answer (ACCEPT, WAIT, REJECT, ABORT), against a scripted
 * fake API: the answers a real server gives only in rare races are easiest to produce this way.
 */

const RUN_ID = "0190f3c4-0000-7000-8000-000000000001";
const { home, cleanup } = makeHome();
afterAll(cleanup);
beforeEach(() => {
  configureForTest({}, home);
});

type Answer = (proposed: StateCreate) => Omit<OrchestrationResult, "details"> & {
  details?: Partial<OrchestrationResult["details"]>;
};

function state(type: StateCreate["type"], name: string, transitionId?: string | null) {
  return {
    id: crypto.randomUUID(),
    type,
    name,
    timestamp: new Date().toISOString(),
    message: null,
    data: null,
    state_details: { transition_id: transitionId ?? null },
  };
}

const accept: Answer = (proposed) => ({
  status: "ACCEPT",
  state: state(proposed.type, proposed.name ?? proposed.type, proposed.state_details?.transition_id),
});

/** A fake API answering state proposals from `script` in order (then ACCEPT), recording them. */
function fakeApi(script: Answer[]) {
  const proposals: StateCreate[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    const json = (status: number, data: unknown) =>
      new Response(data === undefined ? null : JSON.stringify(data), {
        status,
        headers: { "content-type": "application/json" },
      });
    if (url.endsWith("/flows/")) return json(201, { id: "0190f3c4-0000-7000-8000-00000000000f" });
    if (url.endsWith("/flow_runs/")) {
      return json(201, {
        id: RUN_ID,
        name: "scripted-run",
        run_count: 0,
        state: state("PENDING", "Pending"),
      });
    }
    if (url.endsWith("/set_state")) {
      const proposed = (body as { state: StateCreate }).state;
      proposals.push(proposed);
      const answer = (script.shift() ?? accept)(proposed);
      return json(201, { details: { type: "accept_details", ...answer.details }, ...answer });
    }
    if (url.endsWith("/logs/")) return json(204, undefined);
    if (url.includes("/flow_runs/")) return json(200, { id: RUN_ID, state: state("RUNNING", "Running") });
    return json(200, { recorded: 0 });
  };
  return { client: new StewardClient({ apiUrl: "http://fake.invalid/api", fetch, retries: 0 }), proposals };
}

describe("answers to a proposed state", () => {
  it("WAIT: sleeps delay_seconds, then proposes again", async () => {
    const { client, proposals } = fakeApi([
      () => ({ status: "WAIT", state: null, details: { delay_seconds: 0.05 } }),
    ]);
    const started = Date.now();
    expect(
      await runFlowWith(
        flow({ name: "waits" }, async () => "ran"),
        {},
        { client },
      ),
    ).toBe("ran");
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(proposals.map((p) => p.type)).toEqual(["RUNNING", "RUNNING", "COMPLETED"]);
    // Each proposal carries its own transition id, for idempotent retries of the HTTP call.
    const ids = proposals.map((p) => p.state_details?.transition_id);
    expect(new Set(ids).size).toBe(3);
  });

  it("ABORT: throws an AbortError without running the flow", async () => {
    let ran = false;
    const { client } = fakeApi([
      () => ({ status: "ABORT", state: null, details: { reason: "already running" } }),
    ]);
    const error = await runFlowWith(
      flow({ name: "aborted" }, async () => {
        ran = true;
      }),
      {},
      { client },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).message).toMatch(/refused to start flow run 'scripted-run': already running/);
    expect(ran).toBe(false);
  });

  it("REJECT to Cancelled: stops without running", async () => {
    let ran = false;
    const { client, proposals } = fakeApi([
      () => ({ status: "REJECT", state: state("CANCELLED", "Cancelled") }),
    ]);
    const error = await runFlowWith(
      flow({ name: "cancelled-early" }, async () => {
        ran = true;
      }),
      {},
      { client },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(ran).toBe(false);
    expect(proposals.map((p) => p.type)).toEqual(["RUNNING"]); // already CANCELLED: nothing more to say
  });

  it("REJECT to a scheduled state: waits until its scheduled time, then proposes RUNNING again", async () => {
    const at = () => new Date(Date.now() + 60).toISOString();
    const { client, proposals } = fakeApi([
      () => ({
        status: "REJECT",
        state: { ...state("SCHEDULED", "Scheduled"), state_details: { scheduled_time: at() } },
      }),
    ]);
    expect(
      await runFlowWith(
        flow({ name: "later" }, async () => 1),
        {},
        { client },
      ),
    ).toBe(1);
    expect(proposals.map((p) => p.type)).toEqual(["RUNNING", "RUNNING", "COMPLETED"]);
  });

  it("REJECT carrying our own transition id (a retried request) counts as accepted", async () => {
    const { client, proposals } = fakeApi([
      (proposed) => ({
        status: "REJECT",
        state: state("RUNNING", "Running", proposed.state_details?.transition_id),
      }),
    ]);
    expect(
      await runFlowWith(
        flow({ name: "dup" }, async () => "once"),
        {},
        { client },
      ),
    ).toBe("once");
    expect(proposals.map((p) => p.type)).toEqual(["RUNNING", "COMPLETED"]);
  });

  it("COMPLETED rejected because the run is being cancelled: reports CANCELLED and throws", async () => {
    const { client, proposals } = fakeApi([
      accept,
      () => ({ status: "REJECT", state: state("CANCELLING", "Cancelling") }),
    ]);
    await expect(
      runFlowWith(
        flow({ name: "late-cancel" }, async () => 1),
        {},
        { client },
      ),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(proposals.map((p) => p.type)).toEqual(["RUNNING", "COMPLETED", "CANCELLED"]);
  });
});
