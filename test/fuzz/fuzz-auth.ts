/**
 * @module The credentials a fuzz request goes with. Most carry the bootstrap admin key
 * (`STEWARD_SERVER_API_KEY`), so the fuzz reaches every route as in production with auth on; the
 * rest carry a viewer or a worker key, no header, a malformed one, a random `stw_…`-shaped key or a
 * near miss of a real key. Requests name a credential, not the key itself, so a counterexample or a
 * corpus entry replays on a server with other keys.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { mayCall, type RouteAccess } from "../../src/core/access.js";

/** The roles of the keys the fuzz holds: the bootstrap key, and the two the seed creates. */
export type KeyRole = "admin" | "viewer" | "worker";

/** The keys themselves, for one server. */
export interface FuzzKeys {
  /** The bootstrap key (`STEWARD_SERVER_API_KEY`). */
  readonly admin: string;
  /** Created by the seed; absent before it ran. */
  readonly viewer?: string;
  /** A worker key limited to the seeded pool. */
  readonly worker?: string;
}

/** How a near miss differs from a working key. */
export type NearMiss = "truncated" | "appended" | "flipped" | "upper-case" | "no-scheme" | "basic";

/** The credential of one request; absent means the bootstrap key. */
export type FuzzAuth =
  /** A working key, with its scheme spelled `Bearer`, `bearer` or with extra spaces (all valid). */
  | { readonly kind: "key"; readonly role: KeyRole; readonly spelling?: "lower" | "spaces" }
  | { readonly kind: "none" }
  /** A header that holds no working key (malformed, or a random key of the right shape). */
  | { readonly kind: "raw"; readonly header: string }
  | { readonly kind: "near"; readonly role: KeyRole; readonly change: NearMiss };

/** The bootstrap key's credential, what requests go with unless they say otherwise. */
export const ADMIN: FuzzAuth = Object.freeze({ kind: "key", role: "admin" });

/** A new bootstrap key: 32 hex characters (the server wants at least 16). */
export function newBootstrapKey(): string {
  return randomBytes(16).toString("hex");
}

/** `Authorization` for `auth`, or undefined for none. */
export function authorizationHeader(auth: FuzzAuth | undefined, keys: FuzzKeys): string | undefined {
  const credential = auth ?? ADMIN;
  switch (credential.kind) {
    case "none":
      return undefined;
    case "raw":
      return credential.header;
    case "key": {
      const key = keyOf(credential.role, keys);
      if (credential.spelling === "lower") return `bearer ${key}`;
      if (credential.spelling === "spaces") return `Bearer   ${key}  `;
      return `Bearer ${key}`;
    }
    case "near":
      return nearMiss(keyOf(credential.role, keys), credential.change);
  }
}

function keyOf(role: KeyRole, keys: FuzzKeys): string {
  const key = keys[role];
  if (key === undefined) throw new Error(`the fuzz has no ${role} key yet (the seed creates it)`);
  return key;
}

function nearMiss(key: string, change: NearMiss): string {
  switch (change) {
    case "truncated":
      return `Bearer ${key.slice(0, -1)}`;
    case "appended":
      return `Bearer ${key}x`;
    case "flipped":
      return `Bearer ${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
    case "upper-case":
      return `Bearer ${key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase()}`;
    case "no-scheme":
      return key;
    case "basic":
      return `Basic ${Buffer.from(`steward:${key}`).toString("base64")}`;
  }
}

/** Whether `auth` is a working key (the server must never answer it 401 or 429). */
export function isWorkingKey(auth: FuzzAuth | undefined): boolean {
  return (auth ?? ADMIN).kind === "key";
}

/**
 * Whether the route may answer `auth` with a success: open routes answer anyone, others only a
 * working key whose role the route's `x-steward-access` admits (a worker key may still be refused
 * for a resource outside its pools).
 */
export function mayBeAllowed(auth: FuzzAuth | undefined, access: RouteAccess): boolean {
  if (access.role === "open") return true;
  const credential = auth ?? ADMIN;
  if (credential.kind !== "key") return false;
  return mayCall({ kind: "api-key", name: credential.role, role: credential.role, pools: [] }, access);
}

/** `admin`, `viewer`, `no key`, `malformed`, `near miss`: how answers are counted. */
export function authLabel(auth: FuzzAuth | undefined): string {
  const credential = auth ?? ADMIN;
  switch (credential.kind) {
    case "key":
      return credential.role;
    case "none":
      return "no key";
    case "raw":
      return /^Bearer stw_[0-9a-f]{8}_[\w-]{43}$/.test(credential.header) ? "random key" : "malformed";
    case "near":
      return "near miss";
  }
}

/** ` [as viewer]`, for messages; nothing for the bootstrap key. */
export function describeAuth(auth: FuzzAuth | undefined): string {
  const credential = auth ?? ADMIN;
  if (credential.kind === "key" && credential.role === "admin" && credential.spelling === undefined)
    return "";
  if (credential.kind === "raw") return ` [Authorization: ${JSON.stringify(credential.header.slice(0, 80))}]`;
  if (credential.kind === "near") return ` [${credential.change} ${credential.role} key]`;
  if (credential.kind === "key")
    return ` [${credential.role} key${credential.spelling ? `, ${credential.spelling}` : ""}]`;
  return " [no Authorization]";
}

/** A random key of the right shape: `stw_<8 hex>_<43 base64url>`, which no server holds. */
const randomKeyShaped = fc
  .tuple(fc.stringMatching(/^[0-9a-f]{8}$/), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/))
  .map(([prefix, secret]) => `Bearer stw_${prefix}_${secret}`);

/** Headers that name no key the way the server reads them. */
const malformed = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "Bearer",
    "Bearer ",
    "Bearer  \t ",
    "bearer",
    "Bearer a b",
    "Bearer stw_",
    "Bearer stw_00000000_",
    "Bearer null",
    "Bearer undefined",
    "Token abc",
    "Basic dXNlcjpwYXNz",
    "Digest username=x",
    "BearerBearer x",
    "Bearer\tx",
    "Bearer %00",
    "Bearer ../../etc/passwd",
    "Bearer ' OR 1=1 --",
    "Bearer é",
    "Bearer ÿÿÿÿ",
  ),
  fc.stringMatching(/^[\x20-\x7e]{1,80}$/),
  fc.stringMatching(/^[\x21-\x7e]{1,200}$/).map((text) => `Bearer ${text}`),
  fc.integer({ min: 1000, max: 12_000 }).map((n) => `Bearer ${"k".repeat(n)}`),
);

/**
 * The credential of a generated request: the bootstrap key about three times in four (so most
 * requests reach the routes' own code), else a smaller role or a key that does not work.
 */
export function authArbitrary(): fc.Arbitrary<FuzzAuth | undefined> {
  const role = fc.constantFrom<KeyRole>("admin", "viewer", "worker");
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 22 },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom<KeyRole>("viewer", "worker"),
          fc.constantFrom(undefined, undefined, "lower" as const),
        )
        .map(([keyRole, spelling]): FuzzAuth => ({
          kind: "key",
          role: keyRole,
          ...(spelling ? { spelling } : {}),
        })),
      weight: 4,
    },
    { arbitrary: fc.constant<FuzzAuth>({ kind: "key", role: "admin", spelling: "spaces" }), weight: 1 },
    { arbitrary: fc.constant<FuzzAuth>({ kind: "none" }), weight: 1 },
    { arbitrary: malformed.map((header): FuzzAuth => ({ kind: "raw", header })), weight: 1 },
    { arbitrary: randomKeyShaped.map((header): FuzzAuth => ({ kind: "raw", header })), weight: 1 },
    {
      arbitrary: fc
        .tuple(
          role,
          fc.constantFrom<NearMiss>("truncated", "appended", "flipped", "upper-case", "no-scheme", "basic"),
        )
        .map(([keyRole, change]): FuzzAuth => ({ kind: "near", role: keyRole, change })),
      weight: 1,
    },
  );
}
