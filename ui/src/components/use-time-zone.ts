/** @module The time-zone setting for components: each re-renders when the user changes it. */
import { useSyncExternalStore } from "react";
import { subscribeTimeZone, type TimeZoneSetting, timeZoneSetting } from "./time-zone.js";

/** The setting, re-rendering the caller when it changes. */
export function useTimeZoneSetting(): TimeZoneSetting {
  return useSyncExternalStore(subscribeTimeZone, timeZoneSetting);
}
