/** @module One field of the create-key form: its label, its control, and help or the server's problem. */
import type { ReactNode } from "react";

/**
 * A labelled control with a line below it, outside the label so the control's name stays short;
 * give the control `aria-describedby={helpId}`. With `error`, the line is the error in red.
 */
export function KeyField({
  label,
  helpId,
  help,
  error,
  children,
  testId,
}: {
  label: string;
  helpId: string;
  help: ReactNode;
  error?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="settings-field">
      <label className="field">
        <span>{label}</span>
        {children}
      </label>
      <span id={helpId} className={error ? "field-error" : "field-help"} data-testid={testId}>
        {error ?? help}
      </span>
    </div>
  );
}

/** The props that tie a control to its field's help line (`helpId`) and mark it when `error`. */
export function describedBy(helpId: string, error: string | undefined) {
  return {
    className: error ? "invalid" : undefined,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": helpId,
  } as const;
}
