/**
 * @module Why a request never got an answer (the error `fetch` throws), in words that say what to
 * do, and whether trying again can help: a certificate the client does not trust stays untrusted,
 * so it fails at once instead of after every retry.
 */

/** A failed `fetch`, described. */
export interface FetchFailure {
  /** Node's code (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, …) or the error's message. */
  readonly reason: string;
  /** What to do about it, when the reason says more than "the server is not there". */
  readonly hint?: string;
  /** True when retrying cannot help (the certificate is refused). */
  readonly permanent: boolean;
}

const UNTRUSTED =
  "The server's TLS certificate is not trusted by Node.js. If it is self-signed or from a private CA, " +
  "trust it with NODE_EXTRA_CA_CERTS=/path/to/cert.pem (the server's certificate, or the CA's) in the environment of the CLI, workers and flows.";

/** TLS verification failures: each is permanent, and each has its own fix. */
const CERTIFICATE_HINTS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: UNTRUSTED,
  SELF_SIGNED_CERT_IN_CHAIN: UNTRUSTED,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED,
  CERT_HAS_EXPIRED:
    "The server's TLS certificate has expired: renew it on the server and restart the server.",
  ERR_TLS_CERT_ALTNAME_INVALID:
    "The server's TLS certificate is not issued for the host name in STEWARD_API_URL: use a name the certificate lists, or issue one that lists this name.",
};

/** Describes the error `fetch(url)` threw. */
export function describeFetchFailure(error: unknown, url: string): FetchFailure {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  const certificateHint = code === undefined ? undefined : CERTIFICATE_HINTS[code];
  if (certificateHint !== undefined) return { reason, hint: certificateHint, permanent: true };
  const https = url.startsWith("https:");
  if (https && code === "ERR_SSL_WRONG_VERSION_NUMBER") {
    return {
      reason,
      hint: "The server answered without TLS: it serves plain HTTP, so use http:// in STEWARD_API_URL.",
      permanent: true,
    };
  }
  if (!https && (code === "UND_ERR_SOCKET" || code === "ECONNRESET")) {
    return {
      reason,
      hint: "If the server serves HTTPS (--tls-cert), use https:// in STEWARD_API_URL.",
      permanent: false,
    };
  }
  return { reason, permanent: false };
}
