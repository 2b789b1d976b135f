import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/client/index.js";
import { setUpPool } from "../../src/worker/pool-setup.js";
import { FakeClient, recordingLog } from "./fakes.js";

const pool = (overrides: Record<string, unknown> = {}) => ({
  name: "p",
  type: "process",
  is_paused: false,
  ...overrides,
});
const notFound = () => {
  throw new ApiError(404, "WORK_POOL_NOT_FOUND", "no such pool");
};
const conflict = () => {
  throw new ApiError(409, "CONFLICT", "exists");
};

function setUp(client: FakeClient, workQueues: string[] = []) {
  const log = recordingLog();
  return {
    log,
    result: setUpPool({ client: client.client, poolName: "p", type: "process", workQueues, log }),
  };
}

describe("setting up a worker's pool", () => {
  it("creates a missing pool with the worker's type", async () => {
    const client = new FakeClient().on("readWorkPool", notFound).on("createWorkPool", () => pool());
    const { result, log } = setUp(client);
    expect(await result).toMatchObject({ name: "p" });
    expect(client.callsTo("createWorkPool")[0]?.input.body).toEqual({ name: "p", type: "process" });
    expect(log.lines).toEqual(["INFO Work pool 'p' did not exist; created it (type process)."]);
  });

  it("re-reads the pool when another worker created it first", async () => {
    let reads = 0;
    const client = new FakeClient()
      .on("readWorkPool", () => (reads++ === 0 ? notFound() : pool({ description: "theirs" })))
      .on("createWorkPool", conflict);
    expect(await setUp(client).result).toMatchObject({ description: "theirs" });
  });

  it("refuses a pool of another type, saying what to do", async () => {
    const client = new FakeClient().on("readWorkPool", () => pool({ type: "docker" }));
    await expect(setUp(client).result).rejects.toThrow(
      /Work pool 'p' is of type 'docker', but this is a 'process' worker\. Start a worker of type 'docker'/,
    );
  });

  it("warns about a paused pool and paused queues, and creates missing queues", async () => {
    const client = new FakeClient()
      .on("readWorkPool", () => pool({ is_paused: true }))
      .on("readWorkQueue", (input) => {
        if (input.params?.queue_name === "missing")
          throw new ApiError(404, "WORK_QUEUE_NOT_FOUND", "no queue");
        return { name: input.params?.queue_name, is_paused: input.params?.queue_name === "sleepy" };
      })
      .on("createWorkQueue", () => ({}));
    const { result, log } = setUp(client, ["sleepy", "awake", "missing"]);
    await result;
    expect(log.lines).toEqual([
      "WARN Work pool 'p' is paused: no runs will be claimed until it is resumed (`steward work-pool resume p`).",
      "WARN Work queue 'sleepy' of pool 'p' is paused: its runs wait until it is resumed (`steward work-queue resume sleepy --pool p`).",
      "INFO Work queue 'missing' did not exist in pool 'p'; created it.",
    ]);
    expect(client.callsTo("createWorkQueue")[0]?.input).toEqual({
      params: { name: "p" },
      body: { name: "missing" },
    });
  });
});
