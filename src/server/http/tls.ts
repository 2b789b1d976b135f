/**
 * @module Loads the certificate and private key the server serves HTTPS with, and checks them
 * before the port is opened: a file that cannot be read, is not PEM, or a key that is not the
 * certificate's gives a one-line message naming the file and what to do, not an OpenSSL stack.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import type { TlsFiles } from "../../config/server-tls.js";
import { StewardError } from "../../core/errors.js";

/** What `https.createServer` needs, with the facts about the certificate worth telling the user. */
export interface TlsCredentials {
  /** The certificate file's PEM text (the whole chain, passed to Node as is). */
  readonly cert: Buffer;
  /** The private key's PEM text. */
  readonly key: Buffer;
  readonly certFile: string;
  /** True when the certificate signed itself: clients must be told to trust it (NODE_EXTRA_CA_CERTS). */
  readonly selfSigned: boolean;
  /** When the certificate stops being valid. */
  readonly validTo: Date;
}

/**
 * Reads and checks the certificate and key files.
 *
 * @throws StewardError CONFIG_INVALID naming the file: unreadable, not PEM, an encrypted key, or a
 * key that does not belong to the certificate.
 */
export function loadTlsCredentials(files: TlsFiles): TlsCredentials {
  const cert = readPem(files.certFile, "certificate", "--tls-cert / STEWARD_SERVER_TLS_CERT");
  const key = readPem(files.keyFile, "private key", "--tls-key / STEWARD_SERVER_TLS_KEY");
  const x509 = parseCertificate(cert, files.certFile);
  const privateKey = parseKey(key, files.keyFile);
  if (!x509.checkPrivateKey(privateKey)) {
    throw invalid(
      `The private key ${files.keyFile} does not belong to the certificate ${files.certFile} (they come from different key pairs). ` +
        `Pass the key the certificate was issued for with --tls-key, or a certificate made from this key with --tls-cert.`,
    );
  }
  try {
    // What the HTTPS server will do with them: any other refusal of OpenSSL's surfaces here, named.
    createSecureContext({ cert, key });
  } catch (error) {
    throw invalid(
      `The certificate ${files.certFile} and key ${files.keyFile} cannot be used for HTTPS (${describe(error)}). ` +
        `Check that they are a PEM certificate and its unencrypted private key.`,
      error,
    );
  }
  return {
    cert,
    key,
    certFile: files.certFile,
    selfSigned: x509.checkIssued(x509) && x509.verify(x509.publicKey),
    validTo: new Date(x509.validTo),
  };
}

function readPem(file: string, what: string, option: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a folder"
            : describe(error);
    throw invalid(
      `Cannot read the TLS ${what} file ${file} (${why}). Check the path given with ${option}, and that this user may read it.`,
      error,
    );
  }
}

function parseCertificate(pem: Buffer, file: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw invalid(
      `${file} is not a PEM certificate (expected a file starting with -----BEGIN CERTIFICATE-----). ` +
        `Pass the certificate with --tls-cert and its private key with --tls-key.`,
      error,
    );
  }
}

function parseKey(pem: Buffer, file: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    // Node reports a missing passphrase differently across versions and key formats; the PEM says it.
    if (
      (error as NodeJS.ErrnoException).code === "ERR_MISSING_PASSPHRASE" ||
      /ENCRYPTED/.test(pem.toString())
    ) {
      throw invalid(
        `The private key ${file} is encrypted with a passphrase, which the server cannot ask for. ` +
          `Decrypt a copy readable only by the server's user (openssl pkey -in ${file} -out key.pem) and pass that with --tls-key.`,
        error,
      );
    }
    throw invalid(
      `${file} is not a PEM private key (expected a file starting with -----BEGIN PRIVATE KEY----- or similar). ` +
        `Pass the certificate's private key with --tls-key.`,
      error,
    );
  }
}

function invalid(message: string, cause?: unknown): StewardError {
  return new StewardError("CONFIG_INVALID", message, { cause });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
