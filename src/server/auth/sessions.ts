/**
 * @module Sessions of the web UI. A browser exchanges an API key, or a user's name and password,
 * once for a random cookie token; the database keeps the token's hash, the hash of the key or the
 * user's id, and a CSRF token. Every request with the cookie re-checks the key or the user, so
 * revoking the key or disabling the user ends its sessions at once, and a role change applies at
 * once; every write must echo the CSRF token in `X-Steward-CSRF` (the cookie alone never
 * authorises a write).
 */
import { randomBytes } from "node:crypto";
import type { LoginRequest } from "../../api/auth.js";
import type { Principal } from "../../core/access.js";
import { isStewardError, StewardError } from "../../core/errors.js";
import type { Store } from "../storage/store.js";
import type { Authenticator } from "./authenticator.js";
import { hashApiKey, sameHash } from "./key-material.js";
import { hashPassword } from "./passwords.js";

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

  /**
   * Opens a session for an API key, or for a user's name and password. A key that does not work is
   * refused as a bearer key would be; a wrong password as the authenticator says.
   */
  async open(login: LoginRequest, address: string): Promise<OpenedSession> {
    if ("username" in login) {
      const principal = await this.#auth.principalForPassword(login.username, login.password, address);
      return this.#create(principal, { keyHash: null, userId: principal.id ?? null });
    }
    const principal = await this.#auth.principalForKey(login.key);
    if (principal === undefined) throw this.#auth.rejected(login.key, address);
    if (principal.kind === "run") {
      throw new StewardError("FORBIDDEN", "A flow run's key cannot sign in to the UI; use an API key.");
    }
    return this.#create(principal, { keyHash: hashApiKey(login.key), userId: null });
  }

  async #create(
    principal: Principal,
    credential: { keyHash: string | null; userId: string | null },
  ): Promise<OpenedSession> {
    const now = this.#now();
    const token = randomBytes(32).toString("base64url");
    const csrfToken = randomBytes(24).toString("base64url");
    const expires = now + SESSION_MS;
    await this.#store.sessions.deleteExpired(now);
    await this.#store.sessions.create({
      tokenHash: hashApiKey(token),
      created: now,
      expires,
      ...credential,
      csrfToken,
    });
    return { token, csrfToken, expires, principal };
  }

  /**
   * The session of `token`, or undefined when it is unknown, expired, its key stopped working or
   * its user was disabled. The key or user is read again each time, so changes bite at once.
   */
  async find(token: string): Promise<ActiveSession | undefined> {
    const session = await this.#store.sessions.read(hashApiKey(token));
    if (session === undefined || session.expires <= this.#now()) return undefined;
    const principal =
      session.userId !== null
        ? await this.#auth.principalForUser(session.userId)
        : session.keyHash !== null
          ? await this.#auth.principalForKeyHash(session.keyHash)
          : undefined;
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
        "The session has ended (expired, signed out, its key revoked or its user disabled or given a new password); sign in again.",
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

  /**
   * Changes the password of the user signed in with the session `token`, after checking the
   * current one (a stolen session alone cannot lock the user out). The user's other sessions end.
   */
  async changePassword(
    principal: Principal | undefined,
    token: string | undefined,
    change: { current_password: string; new_password: string },
    address: string,
  ): Promise<void> {
    if (principal?.kind !== "user" || principal.id === undefined || token === undefined) {
      throw new StewardError(
        "FORBIDDEN",
        "Only a user signed in with a name and password has a password to change; API keys have none (an admin makes a new key with `steward api-key create`).",
      );
    }
    const user = await this.#store.users.read(principal.id);
    if (user === undefined)
      throw new StewardError("UNAUTHENTICATED", "The session's user is gone; sign in again.");
    await this.#auth.checkPassword(user.name, change.current_password, address).catch((error: unknown) => {
      if (isStewardError(error) && error.code === "UNAUTHENTICATED") {
        throw new StewardError("FORBIDDEN", "The current password is wrong; the password was not changed.");
      }
      throw error;
    });
    await this.#store.users.update(
      user.id,
      { passwordHash: await hashPassword(change.new_password) },
      hashApiKey(token),
    );
  }

  /** Ends the session of `token` (nothing happens for an unknown one). */
  async close(token: string): Promise<void> {
    await this.#store.sessions.delete(hashApiKey(token));
  }
}

function sameToken(given: string | undefined, expected: string): boolean {
  return given !== undefined && sameHash(hashApiKey(given), hashApiKey(expected));
}
