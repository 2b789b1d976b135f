import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CancelledError,
  flow,
  getRunContext,
  getRunLogger,
  MissingContextError,
  ParameterValidationError,
  TimeoutError,
  task,
} from "../../src/index.js";
import { type CapturedConsole, configureForTest, makeHome, pause } from "./helpers.js";

const { home, cleanup } = makeHome();
let output: CapturedConsole;

beforeEach(() => {
  output = configureForTest({}, home).console;
});
afterAll(cleanup);

describe("flows without an API (untracked)", () => {
  it("return the function's value, with parameters validated and defaults applied", async () => {
    const hello = flow(
      {
        name: "hello",
        parameters: z.object({ name: z.string().default("world"), n: z.number().default(1) }),
      },
      async ({ name, n }) => `Hello, ${name}!`.repeat(n),
    );
    expect(await hello({ name: "Ada" })).toBe("Hello, Ada!");
    expect(await hello()).toBe("Hello, world!");
    expect(hello.name).toBe("hello");
    expect(hello.options.name).toBe("hello");
    expect(await hello.fn({ name: "direct", n: 1 })).toBe("Hello, direct!");
  });

  it("without a schema take an object or nothing", async () => {
    const echo = flow({ name: "echo" }, async (parameters) => parameters);
    expect(await echo()).toEqual({});
    expect(await echo({ a: 1 })).toEqual({ a: 1 });
    await expect(echo(5 as never)).rejects.toThrow(
      'Invalid parameters for flow "echo": expected an object of parameters, received number',
    );
  });

  it("reject invalid parameters before running, listing each bad field", async () => {
    let ran = false;
    const hello = flow(
      { name: "hello", parameters: z.object({ name: z.string(), address: z.object({ zip: z.number() }) }) },
      async () => {
        ran = true;
      },
    );
    const error = await hello({ name: 42, address: { zip: "x" } } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterValidationError);
    expect((error as Error).message).toBe(
      'Invalid parameters for flow "hello": name: expected string, received number; address.zip: expected number, received string',
    );
    expect((error as ParameterValidationError).issues.map((i) => i.path)).toEqual(["name", "address.zip"]);
    expect(ran).toBe(false);
  });

  it("rethrow the function's error unchanged", async () => {
    class Boom extends Error {}
    const failing = flow({ name: "failing" }, async () => {
      throw new Boom("the flow broke");
    });
    await expect(failing()).rejects.toBeInstanceOf(Boom);
    expect(output.matching("Flow run failed: the flow broke").length).toBeGreaterThan(0);
  });

  it("retry after the configured delays, then succeed", async () => {
    const started: number[] = [];
    const flaky = flow({ name: "flaky", retries: 2, retryDelaySeconds: [0.02, 0.05] }, async () => {
      started.push(Date.now());
      if (started.length < 3) throw new Error(`attempt ${started.length} fails`);
      return getRunContext().flowRun?.runCount;
    });
    expect(await flaky()).toBe(3);
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(18);
    expect(started[2]! - started[1]!).toBeGreaterThanOrEqual(45);
    expect(output.matching("Retry 1/2")).toHaveLength(1);
  });

  it("fail after the last retry with the last error", async () => {
    let attempts = 0;
    const broken = flow({ name: "broken", retries: 1 }, async () => {
      attempts++;
      throw new Error(`attempt ${attempts}`);
    });
    await expect(broken()).rejects.toThrow("attempt 2");
    expect(attempts).toBe(2);
  });

  it("time out with a TimeoutError (and retry a timed-out attempt)", async () => {
    let attempts = 0;
    const slow = flow({ name: "slow", timeoutSeconds: 0.05, retries: 1 }, async () => {
      attempts++;
      await pause(2_000);
    });
    const started = Date.now();
    const error = await slow().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/exceeded its timeout of 0.05 s/);
    expect(attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("abort the attempt's signal on timeout, so cooperative code can stop", async () => {
    let aborted: unknown;
    const slow = flow({ name: "slow-signal", timeoutSeconds: 0.03 }, async () => {
      const { signal } = getRunContext();
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      aborted = signal.reason;
    });
    await expect(slow()).rejects.toBeInstanceOf(TimeoutError);
    expect(aborted).toBeInstanceOf(TimeoutError);
  });

  it("name runs from a template or a function of the parameters", async () => {
    const schema = z.object({ city: z.string(), day: z.string().default("mon") });
    const templated = flow(
      { name: "weather", parameters: schema, flowRunName: "weather-{city}-{day}" },
      async () => getRunContext().flowRun?.name,
    );
    expect(await templated({ city: "oslo" })).toBe("weather-oslo-mon");
    const computed = flow(
      { name: "weather2", parameters: schema, flowRunName: ({ city }) => `w-${city.toUpperCase()}` },
      async () => getRunContext().flowRun?.name,
    );
    expect(await computed({ city: "oslo" })).toBe("w-OSLO");
    const random = flow({ name: "weather3" }, async () => getRunContext().flowRun?.name);
    expect(await random()).toMatch(/^[a-z]+-[a-z]+$/);
  });

  it("expose the parameters' JSON schema as callers send them", () => {
    const etl = flow(
      { name: "etl", parameters: z.object({ url: z.string(), limit: z.number().default(10) }) },
      async () => {},
    );
    expect(etl.parametersJsonSchema()).toMatchObject({
      type: "object",
      properties: { url: { type: "string" }, limit: { type: "number", default: 10 } },
      required: ["url"],
    });
    expect(flow({ name: "free" }, async () => {}).parametersJsonSchema()).toMatchObject({ type: "object" });
  });

  it("type their calls from the schema or the function's parameter", async () => {
    const withSchema = flow(
      { name: "typed", parameters: z.object({ n: z.number().default(1) }) },
      async ({ n }) => n,
    );
    const total: number = await withSchema();
    // @ts-expect-error n must be a number
    await expect(withSchema({ n: "1" })).rejects.toBeInstanceOf(ParameterValidationError);
    const typedFn = flow({ name: "typed-fn" }, async ({ n }: { n: number }) => n * 2);
    // @ts-expect-error the parameters are required: n has no default
    await expect(typedFn()).resolves.toBeNaN();
    expect(total + (await typedFn({ n: 2 }))).toBe(5);
  });

  it("check their options when defined", () => {
    expect(() => flow({ name: "" }, async () => {})).toThrow(/options.name is required/);
    expect(() => flow({ name: "a/b" }, async () => {})).toThrow(/must not contain/);
    expect(() => flow({ name: "x", timeoutSeconds: 0 }, async () => {})).toThrow(/timeoutSeconds/);
  });
});

describe("tasks", () => {
  it("run inside a flow, concurrently, each as its own task run", async () => {
    const seen: { id: string; name: string; dynamicKey: string }[] = [];
    const square = task({ name: "square" }, async (n: number) => {
      const { taskRun } = getRunContext();
      seen.push({ id: taskRun!.id, name: taskRun!.name, dynamicKey: taskRun!.dynamicKey });
      await pause(10 - n);
      return n * n;
    });
    const squares = flow({ name: "squares" }, async () => Promise.all([1, 2, 3, 4].map((n) => square(n))));
    const started = Date.now();
    expect(await squares()).toEqual([1, 4, 9, 16]);
    expect(Date.now() - started).toBeLessThan(35); // concurrent, not 9+8+7+6 ms in a row
    expect(new Set(seen.map((s) => s.id)).size).toBe(4);
    expect(seen.map((s) => s.dynamicKey).sort()).toEqual(["0", "1", "2", "3"]);
    expect(seen.map((s) => s.name).sort()).toEqual(["square-0", "square-1", "square-2", "square-3"]);
  });

  it("retry with a delay list and succeed", async () => {
    const attempts: number[] = [];
    const flaky = task({ name: "flaky", retries: 3, retryDelaySeconds: [0.01, 0.03] }, async () => {
      attempts.push(Date.now());
      if (attempts.length < 4) throw new Error("not yet");
      return getRunContext().taskRun?.runCount;
    });
    const f = flow({ name: "with-flaky" }, async () => flaky());
    expect(await f()).toBe(4);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(8);
    expect(gaps[1]).toBeGreaterThanOrEqual(28);
    expect(gaps[2]).toBeGreaterThanOrEqual(28); // the last delay repeats
    expect(output.matching("Retry 1/3")).toHaveLength(1);
  });

  it("time out with a TimeoutError that the flow can catch", async () => {
    const slow = task({ name: "slow", timeoutSeconds: 0.02 }, async () => pause(1_000));
    const f = flow({ name: "catches" }, async () => {
      try {
        await slow();
        return "no";
      } catch (error) {
        return error instanceof TimeoutError ? "timed out" : "other";
      }
    });
    expect(await f()).toBe("timed out");
  });

  it("run outside a flow as plain functions, with their retries", async () => {
    let calls = 0;
    const double = task({ name: "double", retries: 1 }, (n: number) => {
      calls++;
      if (calls === 1) throw new Error("once");
      return n * 2;
    });
    expect(await double(21)).toBe(42);
    expect(calls).toBe(2);
    expect(await double.fn(1)).toBe(2);
  });

  it("take their name from the function, and run names from templates", async () => {
    async function fetchUser(id: number) {
      return `${getRunContext().taskRun?.name}`.replace(`#${id}`, "");
    }
    const fetchTask = task(fetchUser);
    expect(fetchTask.name).toBe("fetchUser");
    expect(fetchTask.taskKey).toMatch(/^fetchUser-[0-9a-f]{8}$/);
    const named = task({ name: "get", taskRunName: "get-{id}-{1}" }, async (id: number, b: string) =>
      `${getRunContext().taskRun?.name}`.replace(`${id}${b}`, ""),
    );
    const byObject = task({ name: "obj", taskRunName: "obj-{city}" }, async ({ city }: { city: string }) =>
      `${getRunContext().taskRun?.name}`.replace(`#${city}`, ""),
    );
    const f = flow({ name: "names" }, async () => [
      await fetchTask(1),
      await named(7, "x"),
      await byObject({ city: "rome" }),
    ]);
    expect(await f()).toEqual(["fetchUser-0", "get-7-x", "obj-rome"]);
    expect(() => task(async () => 1)).toThrow(/anonymous function needs a name/);
  });
});

describe("run context and logger", () => {
  it("getRunContext throws outside a run and describes the run inside", async () => {
    expect(() => getRunContext()).toThrow(MissingContextError);
    const f = flow({ name: "ctx", parameters: z.object({ x: z.number() }), tags: ["t1"] }, async () => {
      const { flowRun, taskRun, client } = getRunContext();
      return {
        flowName: flowRun?.flowName,
        parameters: flowRun?.parameters,
        tags: flowRun?.tags,
        taskRun,
        client,
        tracked: flowRun?.tracked,
      };
    });
    expect(await f({ x: 1 })).toEqual({
      flowName: "ctx",
      parameters: { x: 1 },
      tags: ["t1"],
      taskRun: undefined,
      client: null,
      tracked: false,
    });
  });

  it("prints `HH:MM:SS.mmm | LEVEL   | flow run 'name' - message`, filtered by level", async () => {
    const f = flow({ name: "talks", flowRunName: "sturdy-leech" }, async () => {
      const logger = getRunLogger();
      logger.debug("hidden at INFO");
      logger.info("count %d", 3);
      logger.warn("careful");
      await task({ name: "inner" }, () => getRunLogger().error("in task"))();
    });
    await f();
    expect(output.matching("count 3")[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} \| INFO {4}\| flow run 'sturdy-leech' - count 3$/,
    );
    expect(output.matching("careful")[0]).toContain("| WARNING | flow run 'sturdy-leech' - careful");
    expect(output.matching("in task")[0]).toContain("| ERROR   | task run 'inner-0' - in task");
    expect(output.matching("hidden")).toEqual([]);
  });

  it("prints DEBUG lines when the logging level is DEBUG", async () => {
    output = configureForTest({ STEWARD_LOGGING_LEVEL: "DEBUG" }, home).console;
    await flow({ name: "debugging" }, async () => getRunLogger().debug("now visible"))();
    expect(output.matching("now visible")).toHaveLength(1);
  });

  it("outside a run, logs to the console only", () => {
    getRunLogger().info("no run here");
    expect(output.matching("no run here")[0]).toMatch(/\| INFO {4}\| steward - no run here$/);
  });

  it("errors are recognised across copies of the package by their marker", () => {
    const foreign = Object.assign(new Error("x"), { [Symbol.for("steward.sdk.error")]: "CancelledError" });
    expect(foreign).toBeInstanceOf(CancelledError);
    expect(new Error("y")).not.toBeInstanceOf(CancelledError);
  });
});
