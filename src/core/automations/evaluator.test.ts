import { describe, expect, it } from "vitest";
import { TriggerEvaluator } from "./evaluator.js";
import { composite, eventOf, eventTrigger } from "./test-fixtures.js";
import type { CompiledTrigger } from "./types.js";

/** A step of a scenario: an event `[name, at, resource?]` or a clock tick `at`. */
type Step = readonly [string, number, string?] | number;

/** Feeds the steps to a fresh evaluator and returns when each firing happened (and its bucket). */
function firings(trigger: CompiledTrigger, steps: readonly Step[]): string[] {
  const evaluator = new TriggerEvaluator(trigger);
  const out: string[] = [];
  for (const step of steps) {
    const fired =
      typeof step === "number"
        ? evaluator.handleTime(step)
        : evaluator.handleEvent(eventOf(step[0], step[1], step[2] ?? "r.1"));
    for (const firing of fired)
      out.push(firing.bucket === "" ? `${firing.triggered}` : `${firing.triggered}:${firing.bucket}`);
  }
  return out;
}

const S = 1000;

describe("Reactive event triggers", () => {
  it.each<[string, Parameters<typeof eventTrigger>[0], Step[], string[]]>([
    [
      "fires on every expected event (threshold 1, no window)",
      { expect: ["a"] },
      [
        ["a", 1],
        ["b", 2],
        ["a", 3],
      ],
      ["1", "3"],
    ],
    [
      "empty expect counts every covered event",
      {},
      [
        ["x", 1],
        ["y", 2],
      ],
      ["1", "2"],
    ],
    [
      "threshold without window accumulates",
      { expect: ["a"], threshold: 3 },
      [["a", 1], ["a", 2], 500 * S, ["a", 999 * S], ["a", 1000 * S]],
      [`${999 * S}`],
    ],
    [
      "threshold within a window fires once it is reached",
      { expect: ["a"], threshold: 2, withinMs: 10 * S },
      [
        ["a", 0],
        ["a", 5 * S],
      ],
      [`${5 * S}`],
    ],
    [
      "events spread wider than the window do not fire",
      { expect: ["a"], threshold: 2, withinMs: 10 * S },
      [
        ["a", 0],
        ["a", 11 * S],
        ["a", 22 * S],
      ],
      [],
    ],
    [
      "a new window starts at the first event after the old one",
      { expect: ["a"], threshold: 2, withinMs: 10 * S },
      [
        ["a", 0],
        ["a", 11 * S],
        ["a", 12 * S],
      ],
      [`${12 * S}`],
    ],
    [
      "after firing, the rest of the window is ignored",
      { expect: ["a"], threshold: 1, withinMs: 10 * S },
      [
        ["a", 0],
        ["a", 5 * S],
        ["a", 9 * S],
        ["a", 10 * S],
      ],
      ["0", `${10 * S}`],
    ],
    [
      "after arms the bucket; expected events before it do not count",
      { after: ["start"], expect: ["end"] },
      [
        ["end", 1],
        ["start", 2],
        ["end", 3],
        ["end", 4],
        ["start", 5],
        ["end", 6],
      ],
      ["3", "6"],
    ],
    [
      "after with a window: the expected event must come within it",
      { after: ["start"], expect: ["end"], withinMs: 10 * S },
      [
        ["start", 0],
        ["end", 11 * S],
        ["start", 20 * S],
        ["end", 25 * S],
      ],
      [`${25 * S}`],
    ],
    [
      "an event both arming and expected does not count itself",
      { after: ["hb"], expect: ["hb"], threshold: 2 },
      [
        ["hb", 1],
        ["hb", 2],
        ["hb", 3],
      ],
      ["3"],
    ],
  ])("%s", (_, fields, steps, expected) => {
    expect(firings(eventTrigger({ expect: [], ...fields }), steps)).toEqual(expected);
  });

  it("counts for_each buckets separately", () => {
    const trigger = eventTrigger({ expect: ["fail"], threshold: 2, forEach: ["steward.resource.id"] });
    expect(
      firings(trigger, [
        ["fail", 1, "a"],
        ["fail", 2, "b"],
        ["fail", 3, "a"],
        ["fail", 4, "b"],
      ]),
    ).toEqual(["3:a", "4:b"]);
  });

  it("drops reactive buckets whose window ended below the threshold", () => {
    const evaluator = new TriggerEvaluator(eventTrigger({ expect: ["a"], threshold: 2, withinMs: 10 * S }));
    evaluator.handleEvent(eventOf("a", 0));
    expect(evaluator.entries()).toHaveLength(1);
    evaluator.handleTime(10 * S);
    expect(evaluator.entries()).toHaveLength(0);
  });
});

describe("Proactive event triggers", () => {
  const heartbeat = { posture: "Proactive" as const, expect: ["hb"], withinMs: 10 * S };

  it.each<[string, Parameters<typeof eventTrigger>[0], Step[], string[]]>([
    ["fires when nothing arrives in the first window", heartbeat, [0, 5 * S, 10 * S], [`${10 * S}`]],
    ["does not fire when the event arrives", heartbeat, [0, ["hb", 3 * S], 10 * S], []],
    [
      "fires once per silent window, not on every tick",
      heartbeat,
      [0, 10 * S, 11 * S, 12 * S, 19 * S, 20 * S, 21 * S],
      [`${10 * S}`, `${20 * S}`],
    ],
    [
      "a long outage fires once and restarts the window from now",
      heartbeat,
      [0, 95 * S, 100 * S, 105 * S],
      [`${95 * S}`, `${105 * S}`],
    ],
    [
      "threshold 2: one event is too few",
      { ...heartbeat, threshold: 2 },
      [0, ["hb", 1 * S], 10 * S],
      [`${10 * S}`],
    ],
    [
      "threshold 2: two events are enough",
      { ...heartbeat, threshold: 2 },
      [0, ["hb", 1 * S], ["hb", 2 * S], 10 * S],
      [],
    ],
    [
      "an event after the window's end fires for the old window and counts in the new one",
      heartbeat,
      [0, ["hb", 12 * S], 20 * S, 22 * S],
      [`${12 * S}`],
    ],
    [
      "with after: the window opens at the after event and the trigger fires once",
      { ...heartbeat, after: ["start"], expect: ["done"] },
      [0, 50 * S, ["start", 60 * S], 65 * S, 70 * S, 80 * S, 90 * S],
      [`${70 * S}`],
    ],
    [
      "with after: the expected event in time keeps it quiet",
      { ...heartbeat, after: ["start"], expect: ["done"] },
      [["start", 0], ["done", 5 * S], 6 * S, 10 * S, 30 * S],
      [],
    ],
    [
      "with after and expect the same event (heartbeat recipe)",
      { ...heartbeat, after: ["hb"], expect: ["hb"] },
      [["hb", 0], ["hb", 8 * S], 9 * S, ["hb", 16 * S], 17 * S, 30 * S],
      [`${30 * S}`],
    ],
  ])("%s", (_, fields, steps, expected) => {
    expect(firings(eventTrigger(fields), steps)).toEqual(expected);
  });

  it("with for_each, each bucket has its own windows", () => {
    const trigger = eventTrigger({
      ...heartbeat,
      after: ["start"],
      expect: ["done"],
      forEach: ["steward.resource.id"],
    });
    const steps: Step[] = [["start", 0, "a"], ["start", 2 * S, "b"], ["done", 5 * S, "a"], 10 * S, 12 * S];
    expect(firings(trigger, steps)).toEqual([`${12 * S}:b`]);
  });

  it("reports its next deadline", () => {
    const evaluator = new TriggerEvaluator(eventTrigger(heartbeat));
    expect(evaluator.nextDeadline()).toBeUndefined();
    evaluator.handleTime(1 * S);
    expect(evaluator.nextDeadline()).toBe(11 * S);
  });
});

describe("compound and sequence triggers", () => {
  const children = [{ expect: ["a"] }, { expect: ["b"] }, { expect: ["c"] }];

  it.each<[string, CompiledTrigger, Step[], string[]]>([
    [
      "any: the first child fires it",
      composite("compound", children, 1),
      [
        ["b", 1],
        ["a", 2],
      ],
      ["1", "2"],
    ],
    [
      "all: needs every child",
      composite("compound", children, 3),
      [
        ["a", 1],
        ["b", 2],
        ["a", 3],
        ["c", 4],
      ],
      ["4"],
    ],
    [
      "all: resets after firing",
      composite("compound", children, 3),
      [
        ["a", 1],
        ["b", 2],
        ["c", 3],
        ["c", 4],
      ],
      ["3"],
    ],
    [
      "N=2: any two children",
      composite("compound", children, 2),
      [
        ["c", 1],
        ["c", 2],
        ["a", 3],
      ],
      ["3"],
    ],
    [
      "all within: old child firings expire",
      composite("compound", children, 3, 10 * S),
      [
        ["a", 0],
        ["b", 5 * S],
        ["c", 11 * S],
      ],
      [],
    ],
    [
      "all within: in time",
      composite("compound", children, 3, 10 * S),
      [
        ["a", 0],
        ["b", 5 * S],
        ["c", 9 * S],
      ],
      [`${9 * S}`],
    ],
    [
      "sequence in order",
      composite("sequence", children, 3),
      [
        ["a", 1],
        ["b", 2],
        ["c", 3],
      ],
      ["3"],
    ],
    [
      "sequence out of order",
      composite("sequence", children, 3),
      [
        ["b", 1],
        ["a", 2],
        ["c", 3],
      ],
      [],
    ],
    [
      "sequence repaired by a later first step",
      composite("sequence", children, 3),
      [
        ["b", 1],
        ["a", 2],
        ["b", 3],
        ["c", 4],
      ],
      ["4"],
    ],
    [
      "sequence within",
      composite("sequence", children, 3, 5 * S),
      [
        ["a", 0],
        ["b", 1 * S],
        ["c", 6 * S],
      ],
      [],
    ],
  ])("%s", (_, trigger, steps, expected) => {
    expect(firings(trigger, steps)).toEqual(expected);
  });

  it("a proactive child fires its compound parent", () => {
    const trigger = composite(
      "compound",
      [{ expect: ["a"] }, { posture: "Proactive", expect: ["hb"], withinMs: 10 * S }],
      2,
    );
    expect(firings(trigger, [0, ["a", 1 * S], 10 * S])).toEqual([`${10 * S}`]);
  });
});

describe("state round trip", () => {
  it("resumes from stored entries without losing or repeating a firing", () => {
    const trigger = eventTrigger({ expect: ["a"], threshold: 3, withinMs: 60 * S });
    const first = new TriggerEvaluator(trigger);
    first.handleEvent(eventOf("a", 0));
    first.handleEvent(eventOf("a", 1 * S));
    const stored = JSON.parse(JSON.stringify(first.takeChanges())) as ReturnType<typeof first.takeChanges>;
    const second = new TriggerEvaluator(trigger, stored);
    expect(second.handleEvent(eventOf("a", 2 * S))).toHaveLength(1);
    expect(second.handleEvent(eventOf("a", 3 * S))).toHaveLength(0);
    const changes = second.takeChanges();
    expect(changes).toHaveLength(1);
    expect(changes[0]?.entry).toMatchObject({ kind: "bucket", start: 60 * S, count: 0 });
  });
});
