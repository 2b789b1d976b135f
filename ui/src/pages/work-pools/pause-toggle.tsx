/** @module The pause / resume button of pools and queues. */

/**
 * "Pause" while active, "Resume" while paused. `label` names the thing for screen readers
 * ("work pool my-pool").
 */
export function PauseToggle({
  paused,
  busy,
  label,
  onToggle,
}: {
  paused: boolean;
  busy?: boolean;
  label: string;
  onToggle: (paused: boolean) => void;
}) {
  return (
    <button
      type="button"
      className="small wp-pause-toggle"
      data-paused={paused ? "true" : "false"}
      disabled={busy}
      title={
        paused ? `Resume ${label}: its runs are handed out again` : `Pause ${label}: no runs are handed out`
      }
      onClick={() => onToggle(!paused)}
    >
      <span aria-hidden>{paused ? "▶" : "❚❚"}</span>
      {paused ? "Resume" : "Pause"}
    </button>
  );
}
