/** @module Status indicators of pools, queues and workers: green READY/ONLINE, red NOT_READY/OFFLINE, a pause icon. */

export type Status = "READY" | "NOT_READY" | "PAUSED" | "ONLINE" | "OFFLINE";

const LABELS: Record<Status, string> = {
  READY: "Ready",
  NOT_READY: "Not ready",
  PAUSED: "Paused",
  ONLINE: "Online",
  OFFLINE: "Offline",
};

/** A coloured dot (or ⏸ for PAUSED) with the status name; `data-status` carries the raw value. */
export function StatusIndicator({
  status,
  label = true,
}: {
  status: Status | null | undefined;
  label?: boolean;
}) {
  const value: Status = status ?? "NOT_READY";
  return (
    <span className={`status status-${value}`} data-status={value} title={LABELS[value]}>
      {value === "PAUSED" ? (
        <span className="status-icon" aria-hidden>
          ❚❚
        </span>
      ) : (
        <span className="status-dot" aria-hidden />
      )}
      {label && <span>{LABELS[value]}</span>}
    </span>
  );
}
