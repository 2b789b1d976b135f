/**
 * A flow-run process starts for every run (issue 17): `steward flow-run execute` must load the
 * flow-run commands only, not every command's module with its dependencies, nor the server. These
 * tests keep the CLI's lazy command table complete and the built CLI lean.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { CliContext } from "../../src/cli/context.js";
import { buildProgram, COMMANDS, commandsFor } from "../../src/cli/main.js";
import { CapturedStream, steward } from "./helpers.js";
import { ROOT } from "../e2e/harness.js";

const io = () => ({ stdout: new CapturedStream(), stderr: new CapturedStream(), env: {} });

describe("the CLI's command table", () => {
  it("names exactly the commands (and aliases) each module registers", async () => {
    for (const command of COMMANDS) {
      const program = new Command("steward");
      (await command.load())(program, new CliContext(io()));
      const registered = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      expect(registered, command.names.join("|")).toEqual(command.names);
    }
  });

  it("loads one command's module for that command, all of them otherwise", () => {
    expect(commandsFor(["flow-run", "execute", "--warm"]).map((c) => c.names[0])).toEqual(["flow-run"]);
    expect(commandsFor(["event", "ls"]).map((c) => c.names[0])).toEqual(["events"]);
    for (const argv of [[], ["--help"], ["help", "deploy"], ["flow-rn"], ["-V"]]) {
      expect(commandsFor(argv)).toBe(COMMANDS);
    }
  });

  it("`steward --help` still lists every command, in the table's order", async () => {
    const program = await buildProgram(new CliContext(io()));
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.names[0]));
    const help = await steward(["--help"], {});
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(`  ${command.names.join("|")}`);
  });

  it("a misspelt command still gets a suggestion", async () => {
    const result = await steward(["flow-rn"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("flow-run");
  });
});

describe("what the built CLI loads", () => {
  const dir = mkdtempSync(join(tmpdir(), "steward-lean-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, "loaded.txt");
  writeFileSync(
    join(dir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(log)}, url + "\\n");
  return next(url, context);
}`,
  );
  writeFileSync(
    join(dir, "register.mjs"),
    `import { register } from "node:module";
register(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});`,
  );

  /** Every URL the last {@link loadedBy} saw loaded. */
  let loadedUrls: string[] = [];

  /** The dist/ modules (relative paths) that `steward ARGS…` loads (`node ARGS…` if ARGS start with an option). */
  function loadedBy(args: string[]): string[] {
    writeFileSync(log, "");
    const script = args[0]?.startsWith("-") ? [] : [join(ROOT, "bin/steward.js")];
    execFileSync(process.execPath, ["--import", join(dir, "register.mjs"), ...script, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: "pipe",
    });
    const dist = pathToFileURL(join(ROOT, "dist")).href + "/";
    loadedUrls = readFileSync(log, "utf8").split("\n");
    return loadedUrls.filter((url) => url.startsWith(dist)).map((url) => url.slice(dist.length));
  }

  it("`flow-run execute` loads neither the other commands nor the server nor the worker", () => {
    const loaded = loadedBy(["flow-run", "execute", "--help"]);
    expect(loaded).toContain("cli/commands/flow-run.js");
    expect(loaded.filter((m) => m.startsWith("cli/commands/"))).toEqual(["cli/commands/flow-run.js"]);
    expect(loaded.filter((m) => m.startsWith("server/") || m.startsWith("ui/"))).toEqual([]);
    expect(loaded.filter((m) => m.startsWith("worker/") && m !== "worker/warm-protocol.js")).toEqual([]);
    // Listing --sort orders builds no API schema; the YAML library waits for a profiles file.
    expect(loaded.filter((m) => m.startsWith("api/")).sort()).toEqual([
      "api/flow-run-sorts.js",
      "api/route-locations.js",
    ]);
    expect(loadedUrls.filter((url) => url.includes("/node_modules/yaml/"))).toEqual([]);
  });

  it("a flow's module and the engine load neither schedules nor deployments nor any API schema", () => {
    const entry = pathToFileURL(join(ROOT, "dist/index.js")).href;
    const engine = pathToFileURL(join(ROOT, "dist/engine/index.js")).href;
    const loaded = loadedBy([
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(entry)}); await import(${JSON.stringify(engine)});`,
    ]);
    expect(loaded).toContain("sdk/flow.js");
    expect(loaded.filter((m) => m.startsWith("core/schedules") || m === "sdk/deploy.js")).toEqual([]);
    expect(loaded.filter((m) => m.startsWith("api/"))).toEqual(["api/route-locations.js"]);
  });

  it("`worker start` loads no other command, not the server and no API schema", () => {
    const loaded = loadedBy(["worker", "start", "--help"]);
    expect(loaded.filter((m) => m.startsWith("cli/commands/"))).toEqual(["cli/commands/worker.js"]);
    expect(loaded.filter((m) => m.startsWith("server/"))).toEqual([]);
    // The client needs the routes' methods and paths only (api/route-locations.ts), not their schemas.
    expect(loaded.filter((m) => m.startsWith("api/"))).toEqual(["api/route-locations.js"]);
    // What `worker start` then loads to run (its action imports it).
    const worker = pathToFileURL(join(ROOT, "dist/worker/worker.js")).href;
    const running = loadedBy(["--input-type=module", "-e", `await import(${JSON.stringify(worker)})`]);
    expect(running).toContain("worker/worker.js");
    expect(running.filter((m) => m.startsWith("api/") || m.startsWith("server/"))).toEqual([
      "api/route-locations.js",
    ]);
  });
});
