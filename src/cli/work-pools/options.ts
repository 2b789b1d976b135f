import { InvalidArgumentError } from "commander";

/** Commander option parser for a concurrency limit: a whole number ≥ 0 (0 lets no run start). */
export function parseLimit(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) {
    throw new InvalidArgumentError("Expected a whole number of at least 0.");
  }
  return parsed;
}

/** Commander option parser for `--hours`: a positive number, fractions allowed (0.5 is 30 minutes). */
export function parseHours(value: string): number {
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(parsed > 0)) {
    throw new InvalidArgumentError("Expected a number of hours greater than 0, e.g. 1 or 0.5.");
  }
  return parsed;
}
