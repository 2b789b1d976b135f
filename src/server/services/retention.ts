import { PeriodicService } from "./service.js";

const DAY_MS = 86_400_000;

/** How a retention service is made. */
export interface RetentionOptions {
  /** Service name, also the prefix of its log lines (`log-retention`). */
  readonly name: string;
  /** What is deleted, for the log line (`log lines`, `events`). */
  readonly noun: string;
  /** Rows older than this many days are deleted; 0 turns the service off. */
  readonly retentionDays: number;
  /** Deletes the rows older than `timestamp` (epoch ms); returns how many. */
  readonly deleteBefore: (timestamp: number) => Promise<number>;
  /** @default one hour */
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/** A service that deletes, every `intervalMs`, what is older than `retentionDays`. */
export function retentionService(options: RetentionOptions): PeriodicService {
  const now = options.now ?? Date.now;
  return new PeriodicService({
    name: options.name,
    intervalMs: options.intervalMs ?? 3_600_000,
    log: options.log,
    tick: async () => {
      if (options.retentionDays <= 0) return;
      const deleted = await options.deleteBefore(now() - options.retentionDays * DAY_MS);
      if (deleted > 0) {
        options.log?.(
          `${options.name}: deleted ${deleted} ${options.noun} older than ${options.retentionDays} days`,
        );
      }
    },
  });
}
