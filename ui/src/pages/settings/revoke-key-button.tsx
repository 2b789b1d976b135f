/** @module Revoke one API key, after a confirmation that says what stops working. */
import { useState } from "react";
import type { ApiKey } from "../../../../src/api/api-keys.js";
import { useApiMutation } from "../../api/client.js";
import { useSession } from "../../app/session.js";
import { ConfirmDialog } from "../../components/dialog.js";
import { ErrorMessage } from "../../components/messages.js";

/** A "Revoke" button and its confirmation dialog. */
export function RevokeKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const { session } = useSession();
  const [confirming, setConfirming] = useState(false);
  const revoke = useApiMutation("revokeApiKey", { onSuccess: () => setConfirming(false) });
  const isOwnKey = session.principal?.kind === "api-key" && session.principal.name === apiKey.name;
  const close = () => {
    setConfirming(false);
    revoke.reset();
  };
  return (
    <>
      <button
        type="button"
        className="small danger"
        aria-label={`Revoke ${apiKey.name}`}
        onClick={() => setConfirming(true)}
      >
        Revoke
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Revoke the key ${apiKey.name}?`}
        confirmLabel={revoke.isPending ? "Revoking…" : "Revoke key"}
        busy={revoke.isPending}
        onClose={close}
        onConfirm={() => revoke.mutate({ params: { id: apiKey.id } })}
        message={
          <div className="stack">
            <p>
              Every client and UI session using <strong>{apiKey.name}</strong> ({apiKey.prefix}…) stops
              working at once. This cannot be undone, and the name stays taken.
            </p>
            {isOwnKey && <p className="banner">You are signed in with this key: you will be signed out.</p>}
            <ErrorMessage error={revoke.error} title="Could not revoke the key" />
          </div>
        }
      />
    </>
  );
}
