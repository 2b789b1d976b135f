/**
 * @module Password hashing for users. Passwords are hashed with scrypt (Node's own, async, so a
 * hash never blocks the event loop) under a random 16-byte salt, and stored as a self-describing
 * string `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later without breaking
 * stored hashes. A sign-in for an unknown user is checked against a dummy hash, so it takes as
 * long as a wrong password and the timing does not tell which user names exist.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** The scrypt cost for new hashes: N=2^15, r=8, p=1 (about 32 MiB and tens of milliseconds). */
export const SCRYPT_PARAMS = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

const SALT_BYTES = 16;
const HASH_BYTES = 32;
/**
 * The largest cost a stored hash may ask for: a tampered or foreign row must not make one sign-in
 * take seconds or gigabytes.
 */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const HASH_PATTERN =
  /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{16,128})$/;

interface Params {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** scrypt as a promise; `maxmem` is raised to fit the parameters (Node's default is 32 MiB). */
function derive(password: string, salt: Buffer, length: number, params: Params): Promise<Buffer> {
  // scrypt needs 128 * N * r * p bytes; twice that leaves room for Node's own bookkeeping.
  const maxmem = 256 * params.N * params.r * params.p;
  return new Promise((resolve, reject) => {
    scrypt(normalise(password), salt, length, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** The same password typed on two systems may differ in Unicode composition; NFC makes them one. */
function normalise(password: string): string {
  return password.normalize("NFC");
}

/** Hashes `password` with a fresh salt into `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, HASH_BYTES, SCRYPT_PARAMS);
  const { N, r, p } = SCRYPT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** The parts of a stored hash, or undefined when it is not one this module wrote or could check. */
function parse(stored: string): { params: Params; salt: Buffer; hash: Buffer } | undefined {
  const match = HASH_PATTERN.exec(stored);
  if (match === null) return undefined;
  const [, n, r, p, salt, hash] = match;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (
    !powerOfTwo ||
    params.N > MAX_N ||
    params.r < 1 ||
    params.r > MAX_R ||
    params.p < 1 ||
    params.p > MAX_P
  ) {
    return undefined;
  }
  return { params, salt: Buffer.from(salt ?? "", "base64url"), hash: Buffer.from(hash ?? "", "base64url") };
}

let dummy: Promise<string> | undefined;

/**
 * Whether `password` matches `stored` (compared in constant time). With `stored` undefined (no
 * such user), the password is checked against a dummy hash of the same cost and the answer is
 * false, so an unknown user costs the same time as a wrong password. A stored string that is not
 * a valid hash never matches.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  dummy ??= hashPassword(randomBytes(18).toString("base64url"));
  const parsed = parse(stored ?? (await dummy));
  if (parsed === undefined) return false;
  const derived = await derive(password, parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(derived, parsed.hash) && stored !== undefined;
}
