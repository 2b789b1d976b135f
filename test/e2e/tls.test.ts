/**
 * `steward server start --tls-cert FILE --tls-key FILE` serves the API, docs and UI over HTTPS on
 * its one port (issue 16): clients reach it with STEWARD_API_URL=https://… and trust a self-signed
 * certificate through NODE_EXTRA_CA_CERTS; plain HTTP gets nothing; the server's own https origin
 * may write while other origins get 403; bad files and half a pair stop it with one clear line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, makeHome, StewardProcess, steward } from "./harness.js";
import {
  type CertPair,
  type HttpsServer,
  httpsRequest,
  makeSelfSignedCert,
  startHttpsServerProcess,
} from "./https.js";

describe("steward server start with TLS", () => {
  const { home, cleanup } = makeHome();
  const certs = mkdtempSync(join(tmpdir(), "steward-e2e-tls-"));
  let pair: CertPair;
  let other: CertPair;
  let server: HttpsServer;

  beforeAll(async () => {
    pair = makeSelfSignedCert(certs, "server");
    other = makeSelfSignedCert(certs, "other");
    server = await startHttpsServerProcess(home, pair);
  });
  afterAll(async () => {
    await server?.process.stop();
    cleanup();
    rmSync(certs, { recursive: true, force: true });
  });

  it("answers the API, docs and UI over HTTPS and announces the https:// URLs", async () => {
    expect(await httpsRequest(`${server.apiUrl}/health`, pair.certFile)).toEqual({
      status: 200,
      body: "true",
    });
    expect((await httpsRequest(`${server.url}/docs`, pair.certFile)).status).toBe(200);
    // The built UI, or the page saying how to build it.
    expect([200, 503]).toContain((await httpsRequest(`${server.url}/`, pair.certFile)).status);
    expect(server.process.stdout).toContain(`Steward server is running at ${server.url}`);
    expect(server.process.stdout).toContain(`export STEWARD_API_URL=${server.apiUrl}`);
    expect(server.process.stdout).toContain(`NODE_EXTRA_CA_CERTS=${pair.certFile}`);
  });

  it("gives plain HTTP on that port nothing", async () => {
    await expect(fetch(`http://127.0.0.1:${server.port}/api/health`)).rejects.toThrow();
  });

  it("accepts a browser write from its own https origin and refuses another origin (403)", async () => {
    const write = (name: string, origin: string) =>
      httpsRequest(`${server.apiUrl}/work_pools/`, pair.certFile, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ name }),
      });
    expect((await write("own-origin", server.url)).status).toBe(201);
    const foreign = await write("foreign-origin", "https://evil.example");
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain("ORIGIN_NOT_ALLOWED");
    // The same host over plain http is another origin: no page can be there, and none may write.
    expect((await write("http-origin", `http://127.0.0.1:${server.port}`)).status).toBe(403);
  });

  it("runs a flow tracked over HTTPS when the client trusts the certificate", async () => {
    const env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl, NODE_EXTRA_CA_CERTS: pair.certFile };
    const result = await steward(["flow", "run", "test/fixtures/flows.ts:ticker", "--param", "ticks=3"], env);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const runs = await httpsRequest(`${server.apiUrl}/flow_runs/filter`, pair.certFile, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ flows: { name: { any_: ["ticker"] } } }),
    });
    expect((JSON.parse(runs.body) as { state_type: string }[]).map((run) => run.state_type)).toEqual([
      "COMPLETED",
    ]);
  });

  it("runs a deployment through a worker polling over HTTPS", async () => {
    const env = { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl, NODE_EXTRA_CA_CERTS: pair.certFile };
    for (const args of [
      ["work-pool", "create", "--type", "process", "tls-pool"],
      ["deploy", "test/fixtures/flows.ts:ticker", "--name", "tls", "--pool", "tls-pool"],
    ]) {
      const result = await steward(args, env);
      expect(result.code, result.stderr + result.stdout).toBe(0);
    }
    const worker = new StewardProcess(["worker", "start", "--pool", "tls-pool"], env);
    try {
      const run = await steward(["deployment", "run", "ticker/tls", "--param", "ticks=2", "--watch"], env);
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(run.stdout).toContain("tick 2");
    } finally {
      await worker.stop();
    }
  });

  it("tells a client that does not trust the certificate how to, without retrying", async () => {
    const result = await steward(["work-pool", "ls"], { STEWARD_HOME: home, STEWARD_API_URL: server.apiUrl });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(result.stderr).toContain("NODE_EXTRA_CA_CERTS=");
  });

  it("takes the certificate and key from STEWARD_SERVER_TLS_CERT / STEWARD_SERVER_TLS_KEY too", async () => {
    const { home: ownHome, cleanup: cleanupOwn } = makeHome();
    const fromSettings = await startHttpsServerProcess(ownHome, pair, { viaSettings: true });
    try {
      expect((await httpsRequest(`${fromSettings.apiUrl}/health`, pair.certFile)).body).toBe("true");
    } finally {
      await fromSettings.process.stop();
      cleanupOwn();
    }
  });

  it("stops with one line naming the key when it does not belong to the certificate", async () => {
    const port = String(await freePort());
    const args = ["server", "start", "--port", port, "--tls-cert", pair.certFile, "--tls-key", other.keyFile];
    const result = await steward(args, { STEWARD_HOME: home });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: The private key ${other.keyFile} does not belong to the certificate ${pair.certFile}`,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).not.toContain("running at");
  });

  it("stops with one line naming a file it cannot read", async () => {
    const missing = join(certs, "missing.pem");
    const result = await steward(
      ["server", "start", "--port", "0", "--tls-cert", missing, "--tls-key", pair.keyFile],
      { STEWARD_HOME: home },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot read the TLS certificate file ${missing} (no such file)`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("refuses half a pair: one flag is a usage error, one setting a configuration error", async () => {
    const flag = await steward(["server", "start", "--port", "0", "--tls-cert", pair.certFile], {
      STEWARD_HOME: home,
    });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--tls-cert needs --tls-key too");
    const setting = await steward(["server", "start", "--port", "0"], {
      STEWARD_HOME: home,
      STEWARD_SERVER_TLS_KEY: pair.keyFile,
    });
    expect(setting.code).toBe(1);
    expect(setting.stderr).toContain("STEWARD_SERVER_TLS_KEY is set but STEWARD_SERVER_TLS_CERT is not");
  });
});
