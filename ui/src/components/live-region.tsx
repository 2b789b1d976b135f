/**
 * @module A polite live region: screen readers announce its text when it changes, after what they
 * are saying, without moving focus. Invisible on screen.
 */
import type { CSSProperties } from "react";

// Hidden from sight but not from assistive technology (display: none would silence it).
const HIDDEN: CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
};

/** Announces `message` politely whenever it changes. */
export function LiveRegion({ message, testId }: { message: string; testId?: string }) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true" style={HIDDEN} data-testid={testId}>
      {message}
    </div>
  );
}
