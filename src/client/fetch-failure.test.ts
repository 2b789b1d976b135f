import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { describeFetchFailure } from "./fetch-failure.js";

/** What undici throws: a TypeError whose cause carries Node's code. */
const fetchError = (code: string) =>
  new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });

describe("describeFetchFailure", () => {
  it("names an untrusted certificate, says how to trust it, and does not retry it", () => {
    for (const code of [
      "DEPTH_ZERO_SELF_SIGNED_CERT",
      "SELF_SIGNED_CERT_IN_CHAIN",
      "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    ]) {
      const failure = describeFetchFailure(fetchError(code), "https://127.0.0.1:4200/api/health");
      expect(failure).toMatchObject({ reason: code, permanent: true });
      expect(failure.hint).toContain("NODE_EXTRA_CA_CERTS=/path/to/cert.pem");
    }
    expect(describeFetchFailure(fetchError("ERR_TLS_CERT_ALTNAME_INVALID"), "https://a/api").hint).toContain(
      "host name",
    );
  });

  it("suggests https:// when a plain request is cut off, and keeps retrying it", () => {
    const failure = describeFetchFailure(fetchError("UND_ERR_SOCKET"), "http://127.0.0.1:4200/api/health");
    expect(failure).toMatchObject({ permanent: false });
    expect(failure.hint).toContain("use https://");
    expect(describeFetchFailure(fetchError("ECONNREFUSED"), "http://127.0.0.1:1/api")).toEqual({
      reason: "ECONNREFUSED",
      permanent: false,
    });
    expect(describeFetchFailure(new Error("boom"), "http://x/api")).toEqual({
      reason: "boom",
      permanent: false,
    });
  });

  it("suggests http:// when an https request reaches a plain HTTP server", async () => {
    const server = createServer((_, response) => response.end("plain"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
    try {
      const error = await fetch(url).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      const failure = describeFetchFailure(error, url);
      expect(failure).toMatchObject({ reason: "ERR_SSL_WRONG_VERSION_NUMBER", permanent: true });
      expect(failure.hint).toContain("use http://");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
