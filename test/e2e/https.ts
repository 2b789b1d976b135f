/**
 * Helpers for end-to-end tests of a server that speaks HTTPS itself: a self-signed certificate
 * made with openssl, requests that trust it, and a `steward server start --tls-cert … --tls-key …`
 * ready once `/api/health` answers over HTTPS.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { freePort, StewardProcess, waitFor } from "./harness.js";

/** A certificate file and its private key file. */
export interface CertPair {
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * Makes a self-signed certificate for localhost and 127.0.0.1, valid one day, in `dir`
 * (`NAME-cert.pem`, `NAME-key.pem`). Fails saying so when openssl is not installed.
 */
export function makeSelfSignedCert(dir: string, name = "server"): CertPair {
  const pair = { certFile: join(dir, `${name}-cert.pem`), keyFile: join(dir, `${name}-key.pem`) };
  const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"];
  args.push("-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "1");
  args.push("-keyout", pair.keyFile, "-out", pair.certFile);
  try {
    execFileSync("openssl", args, { stdio: "pipe" });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(
      missing
        ? "The TLS tests need the openssl command to make a self-signed certificate: install OpenSSL (e.g. apt-get install openssl)."
        : `openssl could not make a certificate: ${String((error as { stderr?: Buffer }).stderr ?? error)}`,
    );
  }
  return pair;
}

/** An answer read in full. */
export interface HttpsAnswer {
  readonly status: number;
  readonly body: string;
}

/** One HTTPS request that trusts the certificate in `caFile` (what NODE_EXTRA_CA_CERTS does for the CLI). */
export function httpsRequest(
  url: string,
  caFile: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      { method: init.method ?? "GET", headers: init.headers, ca: readFileSync(caFile) },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    sent.on("error", reject);
    sent.end(init.body);
  });
}

/** A running HTTPS server process and its addresses. */
export interface HttpsServer {
  readonly process: StewardProcess;
  readonly port: number;
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  /** `https://127.0.0.1:PORT/api` */
  readonly apiUrl: string;
}

/**
 * `steward server start` on a free port with its own home, serving HTTPS with `pair` (passed as
 * flags, or through the settings when `viaSettings`), ready once `/api/health` answers over HTTPS.
 */
export async function startHttpsServerProcess(
  home: string,
  pair: CertPair,
  { viaSettings = false, extraEnv = {} }: { viaSettings?: boolean; extraEnv?: NodeJS.ProcessEnv } = {},
): Promise<HttpsServer> {
  const port = await freePort();
  const args = ["server", "start", "--port", String(port)];
  const env: NodeJS.ProcessEnv = { STEWARD_HOME: home, ...extraEnv };
  if (viaSettings) {
    Object.assign(env, { STEWARD_SERVER_TLS_CERT: pair.certFile, STEWARD_SERVER_TLS_KEY: pair.keyFile });
  } else {
    args.push("--tls-cert", pair.certFile, "--tls-key", pair.keyFile);
  }
  const server = new StewardProcess(args, env);
  const url = `https://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (server.child.exitCode !== null) {
        throw new Error(`server exited early (${server.child.exitCode}): ${server.stderr}${server.stdout}`);
      }
      return (await httpsRequest(`${url}/api/health`, pair.certFile)).status === 200;
    },
    { what: `steward server (HTTPS) on port ${port}` },
  );
  return { process: server, port, url, apiUrl: `${url}/api` };
}
