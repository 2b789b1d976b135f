import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { LogCreate, LogQuery } from "../../src/api/index.js";
import { iso, makeFlow, makeRun, TARGETS, useStore } from "./harness.js";

describe.each(TARGETS)("logs on $name", (target) => {
  const ctx = useStore(target);

  it("writes batches and filters by run, level and time, in timestamp order", async () => {
    const run = await makeRun(ctx.store, await makeFlow(ctx.store));
    const taskRunId = uuidv7();
    const t0 = Date.parse("2030-04-01T00:00:00Z");
    const line = (level: number, at: number, message: string, task: string | null = null) =>
      LogCreate.parse({
        name: "steward.flow_runs",
        level,
        message,
        timestamp: iso(at),
        flow_run_id: run.id,
        task_run_id: task,
      });
    await ctx.store.logs.create([
      line(20, t0 + 2, "third"),
      line(10, t0, "first"),
      line(40, t0 + 1, "second", taskRunId),
      line(30, t0 + 2, "fourth"),
    ]);
    const messages = async (body: object) =>
      (await ctx.store.logs.filter(LogQuery.parse(body))).map((log) => log.message);
    const mine = { flow_run_id: { any_: [run.id] } };

    expect(await messages({ logs: mine })).toEqual(["first", "second", "third", "fourth"]);
    expect(await messages({ logs: mine, sort: "TIMESTAMP_DESC" })).toEqual([
      "fourth",
      "third",
      "second",
      "first",
    ]);
    expect(await messages({ logs: { ...mine, level: { ge_: 30 } } })).toEqual(["second", "fourth"]);
    expect(await messages({ logs: { ...mine, level: { le_: 20 } } })).toEqual(["first", "third"]);
    expect(await messages({ logs: { ...mine, task_run_id: { any_: [taskRunId] } } })).toEqual(["second"]);
    expect(await messages({ logs: { ...mine, task_run_id: { is_null_: true } } })).toEqual([
      "first",
      "third",
      "fourth",
    ]);
    expect(
      await messages({ logs: { ...mine, timestamp: { after_: iso(t0 + 1), before_: iso(t0 + 1) } } }),
    ).toEqual(["second"]);
    expect(await messages({ logs: mine, limit: 2, offset: 1 })).toEqual(["second", "third"]);
    const [first] = await ctx.store.logs.filter(LogQuery.parse({ logs: mine, limit: 1 }));
    expect(first).toMatchObject({
      name: "steward.flow_runs",
      level: 10,
      flow_run_id: run.id,
      task_run_id: null,
    });
  });

  it("writes large batches in chunks, and survives NUL characters", async () => {
    const run = await makeRun(ctx.store, await makeFlow(ctx.store));
    const t0 = Date.parse("2030-04-02T00:00:00Z");
    const lines = Array.from({ length: 10_000 }, (_, i) =>
      LogCreate.parse({
        name: "bulk",
        level: 20,
        message: `line ${i}`,
        timestamp: iso(t0 + i),
        flow_run_id: run.id,
      }),
    );
    lines.push(
      LogCreate.parse({
        name: "bulk",
        level: 50,
        message: "nul\u0000byte",
        timestamp: iso(t0 + 20_000),
        flow_run_id: run.id,
      }),
    );
    await ctx.store.logs.create(lines);
    await ctx.store.logs.create([]);
    const last = await ctx.store.logs.filter(
      LogQuery.parse({ logs: { flow_run_id: { any_: [run.id] }, level: { ge_: 50 } } }),
    );
    expect(last.map((l) => l.message)).toEqual(["nul\uFFFDbyte"]);
    const page = await ctx.store.logs.filter(
      LogQuery.parse({
        logs: { flow_run_id: { any_: [run.id] } },
        sort: "TIMESTAMP_DESC",
        limit: 200,
        offset: 200,
      }),
    );
    // The NUL line is newest, so offset 200 lands on line 9999 − 199.
    expect(page[0]?.message).toBe("line 9800");
  });

  it("retention deletes only lines older than the cut-off, across several batches", async () => {
    const run = await makeRun(ctx.store, await makeFlow(ctx.store));
    const cutOff = Date.parse("2020-05-01T00:00:00Z"); // before every other test's lines
    const line = (at: number, message: string) =>
      LogCreate.parse({ name: "retention", level: 20, message, timestamp: iso(at), flow_run_id: run.id });
    const old = Array.from({ length: 12_001 }, (_, i) => line(cutOff - 1 - i, `old ${i}`));
    await ctx.store.logs.create([...old, line(cutOff, "at the cut-off"), line(cutOff + 1, "new")]);

    expect(await ctx.store.logs.deleteBefore(cutOff)).toBe(12_001);
    const left = await ctx.store.logs.filter(LogQuery.parse({ logs: { flow_run_id: { any_: [run.id] } } }));
    expect(left.map((l) => l.message)).toEqual(["at the cut-off", "new"]);
    expect(await ctx.store.logs.deleteBefore(cutOff)).toBe(0);
  });
});
