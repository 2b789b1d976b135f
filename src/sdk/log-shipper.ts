import type { LogCreate } from "../api/logs.js";
import type { StewardClient } from "../client/index.js";
import { Batcher } from "./batcher.js";
import { isPermanentApiError, warnOnConsole } from "./console.js";

/** Options of a LogShipper; `send` defaults to `POST /logs/` through `client`. */
export interface LogShipperOptions {
  readonly client: StewardClient;
  /** How often lines are shipped (settings.logsBatchIntervalMs). */
  readonly intervalMs: number;
  /** Ship as soon as this many lines are buffered. @default 500 */
  readonly flushAt?: number;
  /** Replaces the API call (tests inject failures here). */
  readonly send?: (lines: LogCreate[]) => Promise<void>;
  readonly initialBackoffMs?: number;
}

/**
 * Ships run log lines to the API in batches: every `intervalMs`, at 500 buffered lines, and when
 * the flow run ends. Logging never waits on the network, and a transient API error only delays
 * lines: they are kept and retried with backoff.
 *
 * @example
 * const shipper = new LogShipper({ client, intervalMs: 500 });
 * shipper.add({ name: "steward.flow_runs", level: 20, message: "hi", timestamp, flow_run_id });
 * await shipper.flush();
 */
export class LogShipper extends Batcher<LogCreate> {
  constructor(options: LogShipperOptions) {
    const { client } = options;
    super({
      what: "log lines",
      intervalMs: options.intervalMs,
      flushAt: options.flushAt ?? 500,
      maxPerRequest: 1_000,
      maxBuffered: 100_000,
      send:
        options.send ??
        (async (lines) => {
          await client.call("createLogs", { body: lines });
        }),
      isPermanent: isPermanentApiError,
      warn: warnOnConsole,
      initialBackoffMs: options.initialBackoffMs,
    });
  }
}
