/** The wire contract shared by the server, the client, the SDK, the CLI and the UI. */
export * from "./api-keys.js";
export * from "./audit.js";
export * from "./auth.js";
export * from "./automations.js";
export * from "./common.js";
export * from "./deployments.js";
export * from "./events.js";
export * from "./filters.js";
export * from "./flow-runs.js";
export * from "./flows.js";
export * from "./logs.js";
export * from "./routes.js";
export * from "./run-views.js";
export * from "./states.js";
export * from "./task-runs.js";
export * from "./users.js";
export * from "./work-pools.js";
