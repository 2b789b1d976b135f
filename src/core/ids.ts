/**
 * @module Ids: UUIDv7 (time-ordered), as the `uuid` package makes them, but with the random bytes
 * taken from a pool filled 4 KiB at a time. The package asks the system for 16 random bytes per
 * id (`crypto.getRandomValues`, a system call each time), which made id generation a visible cost
 * of every run, state, task run, log line and audit record.
 */
import { v7 } from "uuid";

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;
// As the package's own v7: within one millisecond the 32-bit counter goes up by one, so ids made
// by this process are strictly increasing.
let lastMs = -Infinity;
let sequence = 0;

function randomBytes16(): Uint8Array {
  if (used + 16 > POOL_BYTES) {
    globalThis.crypto.getRandomValues(pool);
    used = 0;
  }
  const bytes = pool.subarray(used, used + 16);
  used += 16;
  return bytes;
}

/** A new UUIDv7, greater than every id this process made before (the clock allowing). */
export function newId(): string {
  const random = randomBytes16();
  const now = Date.now();
  if (now > lastMs) {
    sequence =
      (((random[6] ?? 0) & 0x7f) << 24) |
      ((random[7] ?? 0) << 16) |
      ((random[8] ?? 0) << 8) |
      (random[9] ?? 0);
    lastMs = now;
  } else {
    sequence = (sequence + 1) | 0;
    if (sequence === 0) lastMs++;
  }
  return v7({ random, msecs: lastMs, seq: sequence });
}
