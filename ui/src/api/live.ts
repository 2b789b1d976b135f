/**
 * @module Live updates: the server announces changes on `GET /api/changes/stream` (server-sent
 * events) and every query on screen is refetched. A slow fallback poll covers changes made by other
 * server replicas and a stream that is down.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiUrl } from "./client.js";

/** How often queries refetch even without a change event. */
export const FALLBACK_REFETCH_MS = 15_000;

/** Whether the live stream is connected, for the indicator in the header. */
export type LiveStatus = "connecting" | "live" | "offline";

/** Subscribes to the change stream for the life of the app; returns its status. */
export function useLiveUpdates(): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    const source = new EventSource(`${apiUrl}/changes/stream`);
    const refetch = () => void queryClient.invalidateQueries({ refetchType: "active" });
    let connectedBefore = false;
    source.addEventListener("hello", () => {
      setStatus("live");
      // After a reconnect, whatever changed while disconnected. Not on the first connect: the page
      // is loading its data right now, and asking for it all twice would only slow the first paint.
      if (connectedBefore) refetch();
      connectedBefore = true;
    });
    source.addEventListener("change", refetch);
    source.addEventListener("error", () =>
      setStatus(source.readyState === EventSource.CLOSED ? "offline" : "connecting"),
    );
    return () => source.close();
  }, [queryClient]);
  return status;
}

/** The current time, re-rendering every `intervalMs`, for "3 s ago" labels. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
