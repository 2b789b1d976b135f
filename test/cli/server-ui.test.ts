import { afterAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/config/settings.js";
import { freePort, makeHome, StewardProcess, waitFor } from "../e2e/harness.js";

/** Starts the real `steward server start` binary (dist/) with `args` and waits for its banner. */
async function startBinary(
  home: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ server: StewardProcess; url: string }> {
  const port = await freePort();
  const server = new StewardProcess(["server", "start", "--port", String(port), "--no-services", ...args], {
    STEWARD_HOME: home,
    ...env,
  });
  await waitFor(
    () => {
      if (server.child.exitCode !== null) throw new Error(`server exited: ${server.stderr}${server.stdout}`);
      return server.stdout.includes("Press Ctrl+C to stop.");
    },
    { what: "the server's banner" },
  );
  return { server, url: `http://127.0.0.1:${port}` };
}

describe("steward server start and the UI", () => {
  const { home, cleanup } = makeHome();
  afterAll(cleanup);

  it("serves the UI at / by default and names it in the banner", async () => {
    const { server, url } = await startBinary(home, []);
    try {
      expect(server.stdout).toMatch(new RegExp(`UI\\s+${url}/`));
      const page = await fetch(`${url}/runs/some-run`);
      // The built UI (dist/ui) when the build made one, else the page saying how to build it.
      expect(page.headers.get("content-type")).toContain("text/html");
      expect([200, 503]).toContain(page.status);
      expect(await page.text()).toMatch(/<div id="root">|The Steward UI is not built/);
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
    } finally {
      await server.stop("SIGINT");
    }
  });

  it("--no-ui leaves / to the API's JSON 404 and says so in the banner", async () => {
    const { server, url } = await startBinary(home, ["--no-ui"]);
    try {
      expect(server.stdout).toMatch(/UI\s+off \(--no-ui or STEWARD_SERVER_UI=false\)/);
      const answer = await fetch(`${url}/`);
      expect(answer.status).toBe(404);
      expect(await answer.json()).toMatchObject({ error: { code: "ROUTE_NOT_FOUND" } });
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
    } finally {
      const result = await server.stop("SIGINT");
      expect(result.code).toBe(0);
    }
  });

  it("STEWARD_SERVER_UI=false turns it off too", async () => {
    const { server, url } = await startBinary(home, [], { STEWARD_SERVER_UI: "false" });
    try {
      expect((await fetch(`${url}/`)).status).toBe(404);
    } finally {
      await server.stop("SIGINT");
    }
  });
});

describe("the STEWARD_SERVER_UI setting", () => {
  const HOME = { STEWARD_HOME: "/tmp/steward-settings-test-does-not-exist" };

  it("is on by default and reads the usual ways of saying yes and no", () => {
    expect(loadSettings(HOME).serverUiEnabled).toBe(true);
    expect(loadSettings(HOME).sources.STEWARD_SERVER_UI).toBe("default");
    for (const value of ["false", "FALSE", "0", "no", "off", " Off "]) {
      expect(loadSettings({ ...HOME, STEWARD_SERVER_UI: value }).serverUiEnabled, value).toBe(false);
    }
    for (const value of ["true", "True", "1", "yes", "on"]) {
      expect(loadSettings({ ...HOME, STEWARD_SERVER_UI: value }).serverUiEnabled, value).toBe(true);
    }
  });

  it("refuses anything else, naming the setting", () => {
    expect(() => loadSettings({ ...HOME, STEWARD_SERVER_UI: "maybe" })).toThrow(
      /STEWARD_SERVER_UI has an invalid value "maybe": expected true or false/,
    );
  });
});
