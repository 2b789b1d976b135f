/** @module Background services of `steward server start`. */
export { ServiceRunner } from "./runner.js";
export { PeriodicService, type PeriodicServiceOptions, type Service } from "./service.js";
export { type LogRetentionOptions, logRetentionService } from "./log-retention.js";
