/**
 * @module The box a table scrolls sideways in when it is wider than the window (a phone), so the
 * page itself never is. The box is a named region and a Tab stop, so people who use a keyboard can
 * scroll it with the arrow keys too.
 */
import type { ReactNode } from "react";

/** A table's scrolling box; `label` names it for screen readers ("Flow runs"). */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
