import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { addListOptions, apiSort, noteMore, sortName, sortParser, takeLimit } from "./list-options.js";
import { Output } from "./output.js";

const API_SORTS = ["START_TIME_DESC", "NAME_ASC"] as const;

describe("sort names", () => {
  it("spell an API sort enum in kebab case and map back to it", () => {
    expect(sortName("START_TIME_DESC")).toBe("start-time-desc");
    expect(apiSort("start-time-desc", API_SORTS)).toBe("START_TIME_DESC");
    expect(() => apiSort("end-time-desc", API_SORTS)).toThrow(/No API sort/);
  });

  it("accept any case and the API's spelling, and list the valid orders otherwise", () => {
    const parse = sortParser(API_SORTS.map(sortName));
    expect(parse("START_TIME_DESC")).toBe("start-time-desc");
    expect(parse(" Name-Asc ")).toBe("name-asc");
    expect(() => parse("newest")).toThrow("Unknown sort order. Valid orders: start-time-desc, name-asc.");
  });
});

describe("addListOptions", () => {
  function parse(argv: string[], spec: Parameters<typeof addListOptions>[1]) {
    let seen: Record<string, unknown> = {};
    const program = new Command("x").exitOverride().configureOutput({ outputError: () => {} });
    const ls = program.command("ls").action((options: Record<string, unknown>) => {
      seen = options;
    });
    addListOptions(ls, spec);
    program.parse(["ls", ...argv], { from: "user" });
    return { seen, help: ls.helpInformation() };
  }
  const spec = { what: "things", sorts: ["name-asc", "name-desc"], defaultSort: "name-asc" };

  it("adds --limit (all by default) and --sort with its default", () => {
    expect(parse([], spec).seen).toEqual({ sort: "name-asc" });
    expect(parse(["--limit", "3", "--sort", "NAME_DESC"], spec).seen).toEqual({
      limit: 3,
      sort: "name-desc",
    });
    expect(parse([], { ...spec, defaultLimit: 15 }).seen).toEqual({ limit: 15, sort: "name-asc" });
  });

  it("lists the orders in the help, with what the command adds about them", () => {
    const { help } = parse([], { ...spec, sortHelp: "Sorted by the CLI." });
    expect(help).toContain("Order: name-asc, name-desc. Sorted by the CLI.");
    expect(help).toContain("Show at most N things (default: all).");
  });

  it("rejects an unknown order as a usage error naming the valid ones", () => {
    let error: unknown;
    try {
      parse(["--sort", "random"], spec);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).message).toContain(
      "argument 'random' is invalid. Unknown sort order. Valid orders: name-asc, name-desc.",
    );
  });
});

describe("takeLimit and noteMore", () => {
  function output() {
    const stderr: string[] = [];
    const io = {
      stdout: { write: () => true },
      stderr: { write: (chunk: string) => stderr.push(chunk) },
      env: {},
    };
    return { out: new Output(io), stderr };
  }

  it("cut to the limit and say, after the table, that there is more", () => {
    expect(takeLimit([1, 2, 3], undefined)).toEqual({ shown: [1, 2, 3], more: false });
    expect(takeLimit([1, 2, 3], 3)).toEqual({ shown: [1, 2, 3], more: false });
    const limited = takeLimit([1, 2, 3], 2);
    expect(limited).toEqual({ shown: [1, 2], more: true });
    const { out, stderr } = output();
    noteMore(out, { ...limited, what: "runs" });
    noteMore(out, { ...limited, what: "pools", total: 3 });
    noteMore(out, { shown: [1], more: false, what: "runs" });
    expect(stderr).toEqual([
      "Showing the first 2 runs (--limit N for more).\n",
      "Showing 2 of 3 pools (--limit N for more).\n",
    ]);
  });
});
