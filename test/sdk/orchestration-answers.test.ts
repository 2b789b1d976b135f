import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { OrchestrationResult, StateCreate } from "../../src/api/states.js";
import { StewardClient } from "../../src/client/index.js";
import { runFlowWith } from "../../src/engine/index.js";
import { AbortError, CancelledError, flow } from "../../src/index.js";
import { configureForTest, makeHome, waitFor } from "./helpers.js";

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

/**
 * A fake API answering state proposals from `script` in order (then ACCEPT), recording them, the
 * heartbeats (their times) and the log lines sent. Reads of the run answer `current()`.
 */
function fakeApi(
  script: Answer[],
  current: () => ReturnType<typeof state> = () => state("RUNNING", "Running"),
) {
  const proposals: StateCreate[] = [];
  const heartbeats: number[] = [];
  const logs: { message: string; timestamp: string }[] = [];
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
    if (url.endsWith("/logs/")) {
      logs.push(...(body as unknown as { message: string; timestamp: string }[]));
      return json(204, undefined);
    }
    if (url.endsWith("/heartbeat")) {
      heartbeats.push(Date.now());
      return json(204, undefined);
    }
    if (url.includes("/flow_runs/")) return json(200, { id: RUN_ID, state: current() });
    return json(200, { recorded: 0 });
  };
  return {
    client: new StewardClient({ apiUrl: "http://fake.invalid/api", fetch, retries: 0 }),
    fetch,
    proposals,
    heartbeats,
    logs,
  };
}

/** A WAIT answer for a run claimed ahead of its time, due in `ms`. */
function waitForScheduledTime(ms: number): Answer {
  return () => {
    const pending = state("PENDING", "Submitting");
    const scheduledTime = new Date(Date.now() + ms).toISOString();
    return {
      status: "WAIT",
      state: { ...pending, state_details: { ...pending.state_details, scheduled_time: scheduledTime } },
      details: { type: "wait_details", reason: "Scheduled time is in the future.", delay_seconds: ms / 1000 },
    };
  };
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

  it("WAIT for the scheduled time: the body starts after it, beats meanwhile, and the log says why", async () => {
    configureForTest({ STEWARD_FLOW_RUN_HEARTBEAT_SECONDS: "0.05" }, home);
    const { client, proposals, heartbeats, logs } = fakeApi([waitForScheduledTime(400)]);
    const asked = Date.now();
    let bodyAt = 0;
    let beatsBeforeBody = 0;
    await runFlowWith(
      flow({ name: "scheduled" }, async () => {
        bodyAt = Date.now();
        beatsBeforeBody = heartbeats.length;
      }),
      {},
      { client },
    );
    expect(bodyAt - asked).toBeGreaterThanOrEqual(400);
    // The process was alive while it waited: the server's claim expiry must not take the run back.
    expect(beatsBeforeBody).toBeGreaterThan(0);
    expect(proposals.map((p) => p.type)).toEqual(["RUNNING", "RUNNING", "COMPLETED"]);
    const messages = logs.map((log) => log.message);
    const waiting = messages.findIndex((m) =>
      /^Waiting 0\.4 s until \S+Z before starting: Scheduled time/.test(m),
    );
    const beginning = messages.findIndex((m) => m.startsWith("Beginning flow run 'scripted-run'"));
    expect(waiting, messages.join("\n")).toBeGreaterThanOrEqual(0);
    expect(beginning).toBeGreaterThan(waiting);
    // "Beginning" is logged when the body begins, not when the process is ready to wait.
    expect(Date.parse(logs[beginning]?.timestamp ?? "")).toBeGreaterThanOrEqual(asked + 400);
  });

  it("cancelled while waiting for the scheduled time: ends CANCELLED at once, the body never runs", async () => {
    let ran = false;
    let cancelling = false;
    const { client, proposals } = fakeApi([waitForScheduledTime(60_000)], () =>
      cancelling ? state("CANCELLING", "Cancelling") : state("PENDING", "Submitting"),
    );
    const started = Date.now();
    const running = runFlowWith(
      flow({ name: "cancelled-while-waiting" }, async () => {
        ran = true;
      }),
      {},
      { client },
    ).catch((e: unknown) => e);
    await waitFor(() => (proposals.length > 0 ? true : undefined), "the RUNNING proposal");
    cancelling = true;
    expect(await running).toBeInstanceOf(CancelledError);
    // Well before the 60 s the API asked it to wait: the cancellation ended the wait.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(ran).toBe(false);
    expect(proposals.map((p) => p.type)).toEqual(["RUNNING", "CANCELLED"]);
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

  it("the final state outlives an API outage longer than the client's own retries", async () => {
    // A server restarting (503, or no answer at all) must not turn a finished run into a crashed one.
    const api = fakeApi([]);
    const refused: unknown[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const body = String(init?.body ?? "");
      if (String(input).endsWith("/set_state") && body.includes('"COMPLETED"') && refused.length < 4) {
        refused.push((JSON.parse(body) as { state: StateCreate }).state.state_details?.transition_id);
        return new Response(null, { status: 503, headers: { "retry-after": "1" } });
      }
      return api.fetch(input, init);
    };
    const client = new StewardClient({ apiUrl: "http://fake.invalid/api", fetch, retries: 0 });
    expect(
      await runFlowWith(
        flow({ name: "outage" }, async () => "done"),
        {},
        { client },
      ),
    ).toBe("done");
    expect(api.proposals.map((p) => p.type)).toEqual(["RUNNING", "COMPLETED"]);
    // Each retry was the same proposal, so the API can tell a repeat from a new one.
    const accepted = api.proposals[1]?.state_details?.transition_id;
    expect(refused).toEqual([accepted, accepted, accepted, accepted]);
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
