/**
 * @module Who is calling: turns an `Authorization: Bearer …` header, or a user's name and password,
 * into a {@link Principal}. Auth is on when the bootstrap key (`STEWARD_SERVER_API_KEY`) is set or
 * any key or user was ever created; off, everyone is the anonymous admin (the loopback-only
 * default). Keys are looked up by their hash, and cached briefly so a busy worker costs no query
 * per request; a revoke or create in this server clears the cache, so a revoked key stops at once.
 */
import { ANONYMOUS, type Principal } from "../../core/access.js";
import { StewardError } from "../../core/errors.js";
import type { Store, StoredApiKey, StoredRunKey, StoredUser } from "../storage/store.js";
import { FailureLimiter } from "./failure-limiter.js";
import { hashApiKey, keyPrefix, looksLikeRunKey, sameHash } from "./key-material.js";
import { verifyPassword } from "./passwords.js";

/** How long a looked-up key (or "no such key") is trusted before it is read again. */
const KEY_CACHE_MS = 10_000;
/** Most keys cached at once. */
const KEY_CACHE_SIZE = 10_000;
/** How long "any key works" is trusted: another replica may have created the first key. */
const ENABLED_CACHE_MS = 5_000;
/** A key's `last_used` is written at most this often from here (the store rounds it too). */
const MARK_USED_EVERY_MS = 60_000;

/** How the authenticator is set up. */
export interface AuthenticatorOptions {
  readonly store: Store;
  /** `STEWARD_SERVER_API_KEY`: an admin key that needs no row (the first key is made with it). */
  readonly bootstrapKey?: string;
  readonly now?: () => number;
  /** Where rejected keys are reported (with their prefix only, never the key). */
  readonly log?: (line: string) => void;
  readonly failures?: FailureLimiter;
}

/** The outcome for one request: who it is, or nobody (no credentials sent). */
export type Authentication = { readonly principal: Principal } | { readonly principal: undefined };

/** A key read by its hash (undefined: no such key), and when it was read. */
interface Cached<T> {
  readonly key: T | undefined;
  readonly at: number;
}

/** Resolves callers; one per server. */
export class Authenticator {
  readonly #store: Store;
  readonly #bootstrapHash: string | undefined;
  readonly #now: () => number;
  readonly #log: (line: string) => void;
  readonly #failures: FailureLimiter;
  readonly #keys = new Map<string, Cached<StoredApiKey>>();
  readonly #runKeys = new Map<string, Cached<StoredRunKey>>();
  readonly #markedUsed = new Map<string, number>();
  #enabled: { value: boolean; at: number } | undefined;

  constructor(options: AuthenticatorOptions) {
    this.#store = options.store;
    this.#bootstrapHash = options.bootstrapKey ? hashApiKey(options.bootstrapKey) : undefined;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? ((line) => console.error(line));
    this.#failures = options.failures ?? new FailureLimiter({ now: this.#now });
  }

  /**
   * Whether requests need a key or a session: the bootstrap key is set, or a key or a user was
   * ever created (revoking or disabling them all leaves auth on: a server on the network must
   * never fall open).
   */
  async enabled(): Promise<boolean> {
    if (this.#bootstrapHash !== undefined) return true;
    const now = this.#now();
    if (this.#enabled === undefined || now - this.#enabled.at > ENABLED_CACHE_MS) {
      // Keys first: most servers with auth have keys, and then the users need no query.
      const value = (await this.#store.apiKeys.count()) > 0 || (await this.#store.users.count()) > 0;
      this.#enabled = { value, at: now };
    }
    return this.#enabled.value;
  }

  /**
   * True when auth is off and the store was asked recently enough ({@link enabled}'s own cache) to
   * say so without asking again: the check every request of a loopback server without keys makes,
   * answered without a promise. False whenever auth is on or the cached answer is stale.
   */
  knownOff(): boolean {
    const cached = this.#enabled;
    if (this.#bootstrapHash !== undefined || cached === undefined || cached.value) return false;
    return this.#now() - cached.at <= ENABLED_CACHE_MS;
  }

  /** Forgets cached keys and the on/off state: a key was created or revoked, or a user created. */
  keysChanged(): void {
    this.#keys.clear();
    this.#enabled = undefined;
  }

  /**
   * Who sent `authorization` from `address`. Without auth: the anonymous admin. Without a header:
   * nobody (open routes still answer). A key that does not work is UNAUTHENTICATED, or
   * TOO_MANY_REQUESTS once its address has sent too many bad keys lately.
   */
  async authenticate(authorization: string | undefined, address: string): Promise<Authentication> {
    if (!(await this.enabled())) return { principal: ANONYMOUS };
    if (authorization === undefined || authorization === "") return { principal: undefined };
    const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    const principal = key === undefined ? undefined : await this.principalForKey(key);
    if (principal !== undefined) return { principal };
    throw this.rejected(key, address);
  }

  /**
   * The error for a key that does not work (counted against `address`, logged by its prefix):
   * UNAUTHENTICATED, or TOO_MANY_REQUESTS once the address has sent too many bad keys lately. A
   * working key always passes before this is reached, so the limit never locks a good key out.
   */
  rejected(key: string | undefined, address: string): StewardError {
    const limited = this.#limited(address, "rejected API keys");
    if (limited !== undefined) return limited;
    this.#failures.recordFailure(address);
    this.#log(
      `auth: rejected API key ${key === undefined ? "(no Bearer key)" : keyPrefix(key)} from ${address}`,
    );
    return new StewardError(
      "UNAUTHENTICATED",
      key === undefined
        ? 'Send the API key as "Authorization: Bearer <key>".'
        : "This API key does not work: it is unknown, revoked or expired. Ask an admin for a key (`steward api-key create`).",
    );
  }

  /** Who `key` is (an API key, the bootstrap key or a flow run's key), or undefined when it does not work. */
  principalForKey(key: string): Promise<Principal | undefined> {
    if (looksLikeRunKey(key)) return this.#runPrincipal(hashApiKey(key));
    return this.principalForKeyHash(hashApiKey(key));
  }

  /** A flow run's key: that run only, until it expires (run keys are never revoked, so cached as found). */
  async #runPrincipal(hash: string): Promise<Principal | undefined> {
    const key = await this.#cachedRead(this.#runKeys, hash, (h) => this.#store.runKeys.read(h), true);
    if (key === undefined || key.expires <= this.#now()) return undefined;
    return {
      kind: "run",
      name: `flow run ${key.flowRunId}`,
      role: "run",
      pools: [],
      flowRunId: key.flowRunId,
    };
  }

  /** Who the key hashing to `hash` is (the bootstrap key included), or undefined. */
  async principalForKeyHash(hash: string): Promise<Principal | undefined> {
    if (this.#bootstrapHash !== undefined && sameHash(hash, this.#bootstrapHash)) {
      return { kind: "bootstrap", name: "STEWARD_SERVER_API_KEY", role: "admin", pools: [] };
    }
    const stored = await this.#cachedRead(this.#keys, hash, (h) => this.#store.apiKeys.findByHash(h), false);
    if (stored === undefined || stored.revoked !== null) return undefined;
    if (stored.expiresMs !== null && stored.expiresMs <= this.#now()) return undefined;
    this.#markUsed(stored.id);
    return { kind: "api-key", id: stored.id, name: stored.name, role: stored.role, pools: stored.pools };
  }

  /** The user `username` as a principal once `password` is checked (see {@link checkPassword}); notes the sign-in. */
  async principalForPassword(username: string, password: string, address: string): Promise<Principal> {
    const user = await this.checkPassword(username, password, address);
    await this.#store.users.markLogin(user.id);
    return userPrincipal(user);
  }

  /**
   * The user `username` once `password` is checked, for a request from `address`. The address's
   * failure limit is checked first (unlike keys, a password can be guessed, so a limited address
   * may not even try); an unknown user costs the same scrypt as a wrong password; both answer the
   * same UNAUTHENTICATED and count as a failure, logged with the user name only. A disabled user
   * is refused (said only to someone who knows the password).
   */
  async checkPassword(username: string, password: string, address: string): Promise<StoredUser> {
    const limited = this.#limited(address, "failed sign-ins");
    if (limited !== undefined) throw limited;
    const user = await this.#store.users.readByName(username);
    const matches = await verifyPassword(password, user?.passwordHash);
    if (!matches || user === undefined) {
      this.#failures.recordFailure(address);
      this.#log(`auth: failed sign-in as user ${JSON.stringify(username)} from ${address}`);
      throw new StewardError("UNAUTHENTICATED", "Unknown user or wrong password.");
    }
    if (user.disabled !== null) {
      this.#log(`auth: refused sign-in as disabled user ${JSON.stringify(username)} from ${address}`);
      throw new StewardError(
        "UNAUTHENTICATED",
        `The user "${username}" is disabled; ask an admin to create a new user for you.`,
      );
    }
    return user;
  }

  /**
   * The user with `id` as a principal, read afresh (no cache): a session re-checks its user on every
   * request, so disabling a user or changing their role takes effect at once, on every replica.
   */
  async principalForUser(id: string): Promise<Principal | undefined> {
    const user = await this.#store.users.read(id);
    return user === undefined || user.disabled !== null ? undefined : userPrincipal(user);
  }

  /** TOO_MANY_REQUESTS once `address` has had too many `what` lately; undefined while it may go on. */
  #limited(address: string, what: string): StewardError | undefined {
    const wait = this.#failures.retryAfterSeconds(address);
    if (wait <= 0) return undefined;
    return new StewardError(
      "TOO_MANY_REQUESTS",
      `Too many ${what} from ${address}; try again in ${wait} s.`,
      {
        details: { retry_after_seconds: wait },
      },
    );
  }

  /** Records the use, at most once a minute per key, without holding up the request. */
  #markUsed(id: string): void {
    const now = this.#now();
    if (now - (this.#markedUsed.get(id) ?? 0) < MARK_USED_EVERY_MS) return;
    if (this.#markedUsed.size >= KEY_CACHE_SIZE) this.#markedUsed.clear();
    this.#markedUsed.set(id, now);
    void this.#store.apiKeys.markUsed(id).catch(() => undefined);
  }

  /**
   * The key hashing to `hash`, from `cache` while fresh (read again after {@link KEY_CACHE_MS};
   * with `keepFound`, a key once found is kept, for keys that are never revoked).
   */
  async #cachedRead<T>(
    cache: Map<string, Cached<T>>,
    hash: string,
    read: (hash: string) => Promise<T | undefined>,
    keepFound: boolean,
  ): Promise<T | undefined> {
    const now = this.#now();
    const cached = cache.get(hash);
    const fresh =
      cached !== undefined && ((keepFound && cached.key !== undefined) || now - cached.at < KEY_CACHE_MS);
    if (fresh) return cached.key;
    const key = await read(hash);
    if (cache.size >= KEY_CACHE_SIZE) cache.clear();
    cache.set(hash, { key, at: now });
    return key;
  }
}

function userPrincipal(user: { id: string; name: string; role: Principal["role"] }): Principal {
  return { kind: "user", id: user.id, name: user.name, role: user.role, pools: [] };
}
