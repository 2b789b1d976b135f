/** @module An admin sets a new password for a user, in a dialog (the user's sessions end). */
import { type FormEvent, useId, useState } from "react";
import type { User } from "../../../../src/api/users.js";
import { MIN_PASSWORD_LENGTH } from "../../../../src/api/users.js";
import { useApiMutation } from "../../api/client.js";
import { Dialog } from "../../components/dialog.js";
import { ErrorMessage } from "../../components/messages.js";
import { KeyField } from "./key-field.js";

/** A "Reset password" button and its dialog with the new password. */
export function ResetPasswordButton({ user }: { user: User }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const reset = useApiMutation("updateUser", {
    onSuccess: () => {
      setOpen(false);
      setPassword("");
    },
  });
  const close = () => {
    setOpen(false);
    setPassword("");
    reset.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate({ params: { id: user.id }, body: { password } });
  };
  return (
    <>
      <button
        type="button"
        className="small"
        aria-label={`Reset the password of ${user.name}`}
        onClick={() => setOpen(true)}
      >
        Reset password
      </button>
      <Dialog
        open={open}
        title={`New password for ${user.name}`}
        onClose={close}
        actions={
          <button
            type="submit"
            form={`${id}-form`}
            className="primary"
            disabled={reset.isPending || password.length < MIN_PASSWORD_LENGTH}
          >
            {reset.isPending ? "Saving…" : "Set password"}
          </button>
        }
      >
        <form id={`${id}-form`} className="form stack" onSubmit={submit}>
          <KeyField
            label="New password"
            helpId={`${id}-help`}
            help={`At least ${MIN_PASSWORD_LENGTH} characters. ${user.name}'s open sessions end; tell them the new password.`}
          >
            <input
              type="password"
              name="new-password"
              autoComplete="new-password"
              value={password}
              aria-describedby={`${id}-help`}
              onChange={(e) => setPassword(e.target.value)}
            />
          </KeyField>
          <ErrorMessage error={reset.error} title="Could not set the password" />
        </form>
      </Dialog>
    </>
  );
}
