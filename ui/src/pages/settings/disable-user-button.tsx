/** @module Disable one user, after a confirmation that says what ends. */
import { useState } from "react";
import type { User } from "../../../../src/api/users.js";
import { useApiMutation } from "../../api/client.js";
import { useSession } from "../../app/session.js";
import { ConfirmDialog } from "../../components/dialog.js";
import { ErrorMessage } from "../../components/messages.js";

/** A "Disable" button and its confirmation dialog. */
export function DisableUserButton({ user }: { user: User }) {
  const { session } = useSession();
  const [confirming, setConfirming] = useState(false);
  const disable = useApiMutation("disableUser", { onSuccess: () => setConfirming(false) });
  const isSelf = session.principal?.kind === "user" && session.principal.name === user.name;
  const close = () => {
    setConfirming(false);
    disable.reset();
  };
  return (
    <>
      <button
        type="button"
        className="small danger"
        aria-label={`Disable ${user.name}`}
        onClick={() => setConfirming(true)}
      >
        Disable
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Disable the user ${user.name}?`}
        confirmLabel={disable.isPending ? "Disabling…" : "Disable user"}
        busy={disable.isPending}
        onClose={close}
        onConfirm={() => disable.mutate({ params: { id: user.id } })}
        message={
          <div className="stack">
            <p>
              <strong>{user.name}</strong> is signed out everywhere at once and can no longer sign in. This
              cannot be undone, and the name stays taken.
            </p>
            {isSelf && <p className="banner">This is you: you will be signed out.</p>}
            <ErrorMessage error={disable.error} title="Could not disable the user" />
          </div>
        }
      />
    </>
  );
}
