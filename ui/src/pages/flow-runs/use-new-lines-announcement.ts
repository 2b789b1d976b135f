/**
 * @module What the logs' live region says while lines stream in: "12 new log lines", at most once
 * every few seconds, so a chatty run does not talk over everything else.
 */
import { useEffect, useRef, useState } from "react";

/** Seconds between two announcements at most. */
const EVERY_MS = 4000;

/**
 * The announcement for `count` lines: nothing until `following` (the end of the log is on screen),
 * then how many arrived since the last announcement. A new `key` (another filter) starts over.
 */
export function useNewLinesAnnouncement(count: number, following: boolean, key: string): string {
  const [message, setMessage] = useState("");
  const announced = useRef<{ key: string; count: number } | null>(null);
  const latest = useRef(count);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  latest.current = count;
  useEffect(() => {
    if (!following) return;
    if (announced.current?.key !== key) {
      announced.current = { key, count };
      return;
    }
    if (count <= announced.current.count || timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const base = announced.current;
      if (!base || base.key !== key) return;
      const added = latest.current - base.count;
      announced.current = { key, count: latest.current };
      if (added > 0) setMessage(`${added} new log line${added === 1 ? "" : "s"}`);
    }, EVERY_MS);
  }, [count, following, key]);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return message;
}
