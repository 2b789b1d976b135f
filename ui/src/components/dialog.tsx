/** @module A modal dialog on the native `<dialog>` element (focus trapping and Escape for free). */
import { type ReactNode, useEffect, useRef } from "react";

export interface DialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** Buttons at the bottom; a Cancel button is added. */
  readonly actions?: ReactNode;
  /** The label of the button that closes the dialog. @default "Cancel" */
  readonly closeLabel?: string;
}

/** A modal; closes on Escape and Cancel. */
export function Dialog({ open, title, onClose, children, actions, closeLabel = "Cancel" }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" onClose={onClose} aria-label={title}>
      {open && (
        <>
          <div className="dialog-body">
            <h2>{title}</h2>
            {children}
          </div>
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              {closeLabel}
            </button>
            {actions}
          </div>
        </>
      )}
    </dialog>
  );
}

/** "Are you sure?" for destructive actions. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  busy,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      actions={
        <button type="button" className="primary" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      }
    >
      <div>{message}</div>
    </Dialog>
  );
}
