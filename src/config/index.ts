/** Settings, resolved once from STEWARD_* environment variables and the active profile. */
export * from "./profiles.js";
export * from "./settings.js";
