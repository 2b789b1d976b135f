import { DateTime, IANAZone, Info } from "luxon";

/** The zone a schedule uses when it names none. */
export const DEFAULT_ZONE = "UTC";

/** The problem with a time zone name, or undefined when it is a known IANA zone. */
export function zoneProblem(zone: string): string | undefined {
  if (IANAZone.isValidZone(zone)) return undefined;
  return `unknown time zone ${JSON.stringify(zone)}; use an IANA name such as Europe/Berlin`;
}

/*
 * "Floating" time: a local wall-clock time stored as if it were UTC epoch ms (its UTC fields are the
 * wall-clock fields). Cron and rrule matching happen on floating time, so both libraries only ever
 * see a zone without DST, and this file alone decides what gaps and repeated hours mean.
 */

/** The wall-clock time of a real instant in `zone`, as floating ms. */
export function toFloating(instant: number, zone: string): number {
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== null) return instant + fixed * 60_000;
  const local = DateTime.fromMillis(instant, { zone });
  return instant + local.offset * 60_000;
}

const fixedOffsets = new Map<string, number | null>();

/**
 * The offset of a zone that never changes (UTC, fixed offsets), else null. Schedules are mostly
 * in UTC, and a minute cron maps thousands of times per top-up: plain arithmetic there keeps the
 * scheduler cheap.
 */
function fixedOffsetMinutes(zone: string): number | null {
  let offset = fixedOffsets.get(zone);
  if (offset === undefined) {
    const normalised = Info.normalizeZone(zone);
    offset = normalised.isUniversal ? normalised.offset(0) : null;
    fixedOffsets.set(zone, offset);
  }
  return offset;
}

// Longer than any DST shift, shorter than any gap between two transitions in one zone.
const TRANSITION_LOOKBACK_MS = 6 * 3_600_000;

/**
 * The real instant a wall-clock time (floating ms) first occurs in `zone`.
 * - In a spring-forward gap the time does not exist; it moves forward by the gap's length
 *   (02:30 → 03:30 when 02:00 jumps to 03:00), as pendulum and croniter do.
 * - In a fall-back overlap the time occurs twice; the first occurrence (the earlier offset) wins,
 *   so a wall-clock time fires once, when the clock first shows it.
 */
export function fromFloating(floating: number, zone: string): number {
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== null) return floating - fixed * 60_000;
  const wall = new Date(floating);
  const resolved = DateTime.fromObject(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      millisecond: wall.getUTCMilliseconds(),
    },
    { zone },
  );
  const instant = resolved.toMillis();
  // luxon resolves an ambiguous time to the later offset; look for an earlier one.
  const earlierOffset = DateTime.fromMillis(instant - TRANSITION_LOOKBACK_MS, { zone }).offset;
  if (earlierOffset <= resolved.offset) return instant;
  const earlier = floating - earlierOffset * 60_000;
  const sameWallClock = DateTime.fromMillis(earlier, { zone }).offset === earlierOffset;
  return sameWallClock && earlier < instant ? earlier : instant;
}
