/** Typed HTTP client for the Steward API. */
export * from "./client.js";
export * from "./errors.js";
export * from "./propose-state.js";
export * from "./event-stream.js";
