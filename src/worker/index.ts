/**
 * Workers: poll a work pool, claim due flow runs and start each in its own infrastructure
 * (a child process for the `process` type).
 */
export { Backoff, type BackoffOptions } from "./backoff.js";
export { crashMessage, explainExit, type ProcessExit, statusCodeOf } from "./exit-codes.js";
export type { Infrastructure, InfrastructureHandle, LaunchRequest } from "./infrastructure.js";
export { type ProcessJobConfiguration, processJobConfiguration } from "./job-configuration.js";
export { CapacityLimiter } from "./limiter.js";
export { type OutputSink, ProcessInfrastructure, STEWARD_BIN } from "./types/process.js";
export { Worker, type WorkerOptions, type WorkerStopReport } from "./worker.js";
export { consoleWorkerLog, silentWorkerLog, type WorkerLog } from "./worker-log.js";
