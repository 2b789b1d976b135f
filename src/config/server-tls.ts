/**
 * @module The server's TLS settings (`STEWARD_SERVER_TLS_CERT`, `STEWARD_SERVER_TLS_KEY`): the two
 * PEM files `steward server start` serves HTTPS with. Each is read on its own, so that
 * `steward config set` can store one and then the other; that both or neither are set is checked
 * when the server starts ({@link tlsFilesOf}), where a half-configured pair actually matters.
 */
import { resolve } from "node:path";
import { StewardError } from "../core/errors.js";

/** The TLS settings, spread into `SETTING_DEFINITIONS`. */
export const SERVER_TLS_DEFINITIONS = {
  STEWARD_SERVER_TLS_CERT: {
    description:
      "PEM certificate file (the chain, leaf first); with STEWARD_SERVER_TLS_KEY, `steward server start` serves HTTPS (see docs/tls.md). Unset: plain HTTP.",
    default: undefined,
  },
  STEWARD_SERVER_TLS_KEY: {
    description: "PEM private key file (unencrypted) of STEWARD_SERVER_TLS_CERT.",
    default: undefined,
  },
} as const satisfies Record<string, { description: string; default: undefined }>;

/** The two TLS settings as set: absolute paths, or null when unset. Not yet checked as a pair. */
export interface ServerTlsSettings {
  readonly certFile: string | null;
  readonly keyFile: string | null;
}

/** The certificate and private key files to serve HTTPS with (absolute paths). */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * Reads the two settings; relative paths are resolved against the current directory, as the
 * database path is.
 */
export function parseServerTls(cert: string | undefined, key: string | undefined): ServerTlsSettings {
  const path = (value: string | undefined) => (value?.trim() ? resolve(value.trim()) : null);
  return Object.freeze({ certFile: path(cert), keyFile: path(key) });
}

/**
 * The files to serve HTTPS with, or null for plain HTTP.
 *
 * @throws StewardError CONFIG_INVALID when only one of the two settings is set.
 */
export function tlsFilesOf(settings: ServerTlsSettings): TlsFiles | null {
  const { certFile, keyFile } = settings;
  if (certFile !== null && keyFile !== null) return Object.freeze({ certFile, keyFile });
  if (certFile === null && keyFile === null) return null;
  const [set, missing] =
    certFile === null
      ? ["STEWARD_SERVER_TLS_KEY", "STEWARD_SERVER_TLS_CERT"]
      : ["STEWARD_SERVER_TLS_CERT", "STEWARD_SERVER_TLS_KEY"];
  throw new StewardError(
    "CONFIG_INVALID",
    `${set} is set but ${missing} is not: HTTPS needs both the certificate and its key. ` +
      `Set ${missing} too (\`steward config set ${missing}=/path/to/file.pem\`), or unset ${set} to serve plain HTTP.`,
  );
}

/** `https` when both TLS settings are set, else `http`: the scheme of the server's own URLs. */
export function serverScheme(settings: ServerTlsSettings | undefined): "http" | "https" {
  return settings?.certFile && settings.keyFile ? "https" : "http";
}
