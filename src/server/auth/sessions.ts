/**
 * @module Sessions of the web UI. A browser exchanges an API key once for a random cookie token;
 * the database keeps the token's hash, the hash of the key and a CSRF token. Every request with
 * the cookie re-checks the key, so revoking it ends its sessions at once, and every write must
 * echo the CSRF token in `X-Steward-CSRF` (the cookie alone never authorises a write).
 */
import { randomBytes } from "node:crypto";
import type { Principal } from "../../core/access.js";
import { StewardError } from "../../core/errors.js";
import type { Store } from "../storage/store.js";
import type { Authenticator } from "./authenticator.js";
import { hashApiKey, sameHash } from "./key-material.js";

/** How long a session lasts: a working day and a half; then the UI asks for the key again. */
export const SESSION_MS = 12 * 3_600_000;

/** A session just opened: the cookie's token (never stored), its CSRF token and its end. */
export interface OpenedSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly expires: number;
  readonly principal: Principal;
}

/** A session found by its cookie. */
export interface ActiveSession {
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly expires: number;
}

/** Opens, reads and ends sessions over the authenticator's keys. */
export class Sessions {
  readonly #store: Store;
  readonly #auth: Authenticator;
  readonly #now: () => number;

  constructor(options: { store: Store; authenticator: Authenticator; now?: () => number }) {
    this.#store = options.store;
    this.#auth = options.authenticator;
    this.#now = options.now ?? Date.now;
  }

  /** Opens a session for `key`; a key that does not work is refused as a bearer key would be. */
  async open(key: string, address: string): Promise<OpenedSession> {
    const principal = await this.#auth.principalForKey(key);
    if (principal === undefined) throw this.#auth.rejected(key, address);
    if (principal.kind === "run") {
      throw new StewardError("FORBIDDEN", "A flow run's key cannot sign in to the UI; use an API key.");
    }
    const now = this.#now();
    const token = randomBytes(32).toString("base64url");
    const csrfToken = randomBytes(24).toString("base64url");
    const expires = now + SESSION_MS;
    await this.#store.sessions.deleteExpired(now);
    await this.#store.sessions.create({
      tokenHash: hashApiKey(token),
      created: now,
      expires,
      keyHash: hashApiKey(key),
      csrfToken,
    });
    return { token, csrfToken, expires, principal };
  }

  /** The session of `token`, or undefined when it is unknown, expired or its key stopped working. */
  async find(token: string): Promise<ActiveSession | undefined> {
    const session = await this.#store.sessions.read(hashApiKey(token));
    if (session === undefined || session.expires <= this.#now()) return undefined;
    const principal = await this.#auth.principalForKeyHash(session.keyHash);
    return principal && { principal, csrfToken: session.csrfToken, expires: session.expires };
  }

  /**
   * Who sent the cookie `token`; for a write, only with the session's CSRF token. UNAUTHENTICATED
   * when the session is over, CSRF_FAILED when a write lacks the token.
   */
  async authenticate(token: string, write: boolean, csrfToken: string | undefined): Promise<Principal> {
    const session = await this.find(token);
    if (session === undefined) {
      throw new StewardError(
        "UNAUTHENTICATED",
        "The session has ended (expired, signed out, or its key was revoked); sign in again.",
      );
    }
    if (write && !sameToken(csrfToken, session.csrfToken)) {
      throw new StewardError(
        "CSRF_FAILED",
        "A write with the session cookie must send the session's CSRF token in X-Steward-CSRF (GET /api/auth/session gives it).",
      );
    }
    return session.principal;
  }

  /** Ends the session of `token` (nothing happens for an unknown one). */
  async close(token: string): Promise<void> {
    await this.#store.sessions.delete(hashApiKey(token));
  }
}

function sameToken(given: string | undefined, expected: string): boolean {
  return given !== undefined && sameHash(hashApiKey(given), hashApiKey(expected));
}
