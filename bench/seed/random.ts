/**
 * @module Deterministic randomness for the seed: the same size always gives the same data, so
 * figures from two machines (or two days) describe the same database.
 */

/** A pseudo-random source: uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough for test data (not for anything secret). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An integer in [0, n). */
export function pick(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** A duration in ms, log-normal around `medianMs` (most runs short, a long tail), capped at `maxMs`. */
export function logNormalMs(random: Random, medianMs: number, spread: number, maxMs: number): number {
  // Box–Muller; 1 - random() keeps the logarithm's argument above zero.
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(maxMs, Math.max(200, Math.round(medianMs * Math.exp(spread * normal))));
}

const HEX = "0123456789abcdef";

function hex(random: Random, digits: number): string {
  let out = "";
  for (let i = 0; i < digits; i++) out += HEX[pick(random, 16)];
  return out;
}

/**
 * A UUIDv7 for the instant `ms`, its random bits from `random`: ids sort by time, as the server's
 * own do, so rows land at the end of the primary-key index as they would in production.
 */
export function uuidV7At(ms: number, random: Random): string {
  const time = Math.floor(ms).toString(16).padStart(12, "0");
  const variant = HEX[8 + pick(random, 4)] ?? "8";
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(random, 3)}-${variant}${hex(random, 3)}-${hex(random, 12)}`;
}
