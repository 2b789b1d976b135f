/**
 * @module The "Create user" form: name, role (with what it may do) and a first password that the
 * admin passes on. The server's refusals (409 name taken, 422 by field) show here.
 */
import { type FormEvent, useId, useState } from "react";
import { MIN_PASSWORD_LENGTH, USER_ROLES, type UserRole } from "../../../../src/api/users.js";
import { useApiMutation } from "../../api/client.js";
import { ErrorMessage } from "../../components/messages.js";
import { describedBy, KeyField } from "./key-field.js";
import { fieldErrors, ROLE_HELP } from "./key-words.js";

/** The form (`form[aria-label="Create user"]`). */
export function CreateUserForm({ authEnabled }: { authEnabled: boolean }) {
  const id = useId();
  const [name, setName] = useState("");
  // The first user should be able to go on managing users once auth is on.
  const [role, setRole] = useState<UserRole>(authEnabled ? "viewer" : "admin");
  const [password, setPassword] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const create = useApiMutation("createUser", {
    onSuccess: (user) => {
      setCreated(user.name);
      setName("");
      setPassword("");
    },
  });
  const fields = fieldErrors(create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate({ body: { name: name.trim(), role, password } });
  };

  return (
    <form className="form settings-create" aria-label="Create user" onSubmit={submit} noValidate>
      <h3>Create user</h3>
      <KeyField
        label="User name"
        helpId={`${id}-name`}
        error={fields.name}
        help="What they type to sign in. Names stay taken after a user is disabled."
      >
        <input
          type="text"
          name="user-name"
          required
          value={name}
          placeholder="ada"
          autoComplete="off"
          spellCheck={false}
          {...describedBy(`${id}-name`, fields.name)}
          onChange={(e) => setName(e.target.value)}
        />
      </KeyField>
      <KeyField label="Role" helpId={`${id}-role`} error={fields.role} help={ROLE_HELP[role]}>
        <select
          name="user-role"
          value={role}
          aria-describedby={`${id}-role`}
          onChange={(e) => setRole(e.target.value as UserRole)}
        >
          {USER_ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </KeyField>
      <KeyField
        label="Password"
        helpId={`${id}-password`}
        error={fields.password}
        help={`At least ${MIN_PASSWORD_LENGTH} characters. Pass it on privately; they can change it in Settings.`}
      >
        <input
          type="password"
          name="user-password"
          required
          value={password}
          autoComplete="new-password"
          {...describedBy(`${id}-password`, fields.password)}
          onChange={(e) => setPassword(e.target.value)}
        />
      </KeyField>
      <ErrorMessage error={create.error} title="Could not create the user" />
      {created && (
        <p role="status" className="banner" data-testid="user-created">
          Created <strong>{created}</strong>.{" "}
          {authEnabled ? "They can sign in now." : "Auth is now on: sign in as this user or with a key."}
        </p>
      )}
      <div className="row">
        <button
          type="submit"
          className="primary"
          disabled={create.isPending || name.trim() === "" || password.length < MIN_PASSWORD_LENGTH}
        >
          {create.isPending ? "Creating…" : authEnabled ? "Create user" : "Create user and turn auth on"}
        </button>
      </div>
    </form>
  );
}
