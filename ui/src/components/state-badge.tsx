/** @module The coloured badge of a run's state. Late gets its own colour though its type is SCHEDULED. */
import type { StateType } from "../../../src/core/states.js";

/** "Completed", "Late", "Running"… with the state type's colour. */
export function StateBadge({ type, name }: { type: StateType | null | undefined; name?: string | null }) {
  if (!type) return <span className="badge">No state</span>;
  const label = name ?? type.charAt(0) + type.slice(1).toLowerCase();
  const colour = name === "Late" ? "Late" : type;
  return (
    <span className={`badge state-${colour}`} data-state={type} data-state-name={label}>
      {label}
    </span>
  );
}

/** The colour of a state (for charts), matching the badges. */
export function stateColour(type: string, name?: string): string {
  const key = name === "Late" ? "late" : type.toLowerCase();
  return `var(--state-${key}, var(--state-pending))`;
}
