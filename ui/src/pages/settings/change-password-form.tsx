/**
 * @module "Change my password", for a person signed in as a user (keys have no password). The
 * other sessions of the user end; this one goes on.
 */
import { type FormEvent, useId, useState } from "react";
import { MIN_PASSWORD_LENGTH } from "../../../../src/api/users.js";
import { useApiMutation } from "../../api/client.js";
import { ErrorMessage } from "../../components/messages.js";
import { describedBy, KeyField } from "./key-field.js";
import { fieldErrors } from "./key-words.js";

/** The form (`form[aria-label="Change my password"]`). */
export function ChangePasswordForm({ username }: { username: string }) {
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [done, setDone] = useState(false);
  const change = useApiMutation("changePassword", {
    onSuccess: () => {
      setDone(true);
      setCurrent("");
      setNext("");
      setRepeat("");
    },
  });
  const fields = fieldErrors(change.error);
  const mismatch = repeat !== "" && repeat !== next;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setDone(false);
    change.mutate({ body: { current_password: current, new_password: next } });
  };

  return (
    <form className="form settings-create" aria-label="Change my password" onSubmit={submit} noValidate>
      {/* Lets password managers tie the new password to the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <KeyField label="Current password" helpId={`${id}-current`} error={fields.current_password} help="">
        <input
          type="password"
          name="current-password"
          autoComplete="current-password"
          value={current}
          {...describedBy(`${id}-current`, fields.current_password)}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </KeyField>
      <KeyField
        label="New password"
        helpId={`${id}-new`}
        error={fields.new_password}
        help={`At least ${MIN_PASSWORD_LENGTH} characters. Your other sessions end.`}
      >
        <input
          type="password"
          name="new-password"
          autoComplete="new-password"
          value={next}
          {...describedBy(`${id}-new`, fields.new_password)}
          onChange={(e) => setNext(e.target.value)}
        />
      </KeyField>
      <KeyField
        label="Repeat the new password"
        helpId={`${id}-repeat`}
        error={mismatch ? "The two new passwords differ." : undefined}
        help=""
      >
        <input
          type="password"
          name="repeat-password"
          autoComplete="new-password"
          value={repeat}
          aria-invalid={mismatch ? true : undefined}
          aria-describedby={`${id}-repeat`}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </KeyField>
      <ErrorMessage error={change.error} title="Could not change the password" />
      {done && (
        <p role="status" className="banner" data-testid="password-changed">
          Your password was changed.
        </p>
      )}
      <div className="row">
        <button
          type="submit"
          className="primary"
          disabled={
            change.isPending || current === "" || next.length < MIN_PASSWORD_LENGTH || repeat !== next
          }
        >
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
