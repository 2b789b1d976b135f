/** @module A compact labelled control for filter bars. */
import { type ReactNode, useId } from "react";

/** A filter control with its label beside it (`label for`, so the label alone names the control). */
export function FilterField({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <span className="filter-field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </span>
  );
}
