import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTlsCredentials } from "./tls.js";

const dir = mkdtempSync(join(tmpdir(), "steward-tls-unit-"));
const file = (name: string) => join(dir, name);

/** A self-signed certificate and its key, as `openssl req -x509` makes them. */
function selfSigned(name: string): void {
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1"].concat([
      "-keyout",
      file(`${name}-key.pem`),
      "-out",
      file(`${name}-cert.pem`),
    ]),
    { stdio: "pipe" },
  );
}

beforeAll(() => {
  try {
    selfSigned("a");
    selfSigned("b");
    execFileSync(
      "openssl",
      ["pkey", "-in", file("a-key.pem"), "-aes256", "-passout", "pass:secret"].concat([
        "-out",
        file("encrypted-key.pem"),
      ]),
    );
  } catch (error) {
    throw new Error(
      `These tests need the openssl command to make certificates: install it (${String(error)})`,
    );
  }
  writeFileSync(file("garbage.pem"), "not a pem file\n");
  mkdirSync(file("folder"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadTlsCredentials", () => {
  it("loads a matching pair and sees that it is self-signed", () => {
    const tls = loadTlsCredentials({ certFile: file("a-cert.pem"), keyFile: file("a-key.pem") });
    expect(tls.cert.toString()).toContain("BEGIN CERTIFICATE");
    expect(tls.key.toString()).toContain("PRIVATE KEY");
    expect(tls.selfSigned).toBe(true);
    expect(tls.validTo.getTime()).toBeGreaterThan(Date.now());
  });

  it("names the key and the certificate when they are not a pair", () => {
    expect(() => loadTlsCredentials({ certFile: file("a-cert.pem"), keyFile: file("b-key.pem") })).toThrow(
      `The private key ${file("b-key.pem")} does not belong to the certificate ${file("a-cert.pem")}`,
    );
  });

  it("names the file that cannot be read, and why", () => {
    expect(() => loadTlsCredentials({ certFile: file("missing.pem"), keyFile: file("a-key.pem") })).toThrow(
      `Cannot read the TLS certificate file ${file("missing.pem")} (no such file)`,
    );
    expect(() => loadTlsCredentials({ certFile: file("a-cert.pem"), keyFile: file("folder") })).toThrow(
      `Cannot read the TLS private key file ${file("folder")} (it is a folder)`,
    );
  });

  it("says which file is not what it should be", () => {
    expect(() => loadTlsCredentials({ certFile: file("a-key.pem"), keyFile: file("a-key.pem") })).toThrow(
      `${file("a-key.pem")} is not a PEM certificate`,
    );
    expect(() => loadTlsCredentials({ certFile: file("a-cert.pem"), keyFile: file("garbage.pem") })).toThrow(
      `${file("garbage.pem")} is not a PEM private key`,
    );
    expect(() =>
      loadTlsCredentials({ certFile: file("a-cert.pem"), keyFile: file("encrypted-key.pem") }),
    ).toThrow(/is encrypted with a passphrase.*openssl pkey/);
  });
});
