/**
 * @module The "Create key" form: name, role (with what it may do), expiry in days, and pools for a
 * worker key. The answer's key goes straight to the one-time dialog (app/new-key.tsx), never into
 * React Query's cache or any storage; the server's refusals (409 name taken, 422 by field) show here.
 */
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import type { Role } from "../../../../src/core/access.js";
import { callApi } from "../../api/client.js";
import { useShowNewKey } from "../../app/new-key.js";
import { ErrorMessage } from "../../components/messages.js";
import { describedBy, KeyField } from "./key-field.js";
import { expirySeconds, fieldErrors, KEY_ROLES, parsePools, ROLE_HELP } from "./key-words.js";

/** The form (`form[aria-label="Create key"]`). */
export function CreateKeyForm({ authEnabled }: { authEnabled: boolean }) {
  const id = useId();
  const queryClient = useQueryClient();
  const showNewKey = useShowNewKey();
  const [name, setName] = useState("");
  // The first key should let its maker sign in and go on managing keys.
  const [role, setRole] = useState<Role>(authEnabled ? "viewer" : "admin");
  const [days, setDays] = useState("");
  const [poolsText, setPoolsText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const expires = expirySeconds(days);
  const pools = role === "worker" ? parsePools(poolsText) : [];
  const fields = fieldErrors(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (expires === undefined) return;
    setBusy(true);
    setError(null);
    try {
      const created = await callApi("createApiKey", {
        body: { name: name.trim(), role, expires_in_seconds: expires, pools },
      });
      showNewKey({
        name: created.api_key.name,
        role: created.api_key.role,
        key: created.key,
        turnedAuthOn: !authEnabled,
      });
      setName("");
      setDays("");
      setPoolsText("");
      void queryClient.invalidateQueries({ queryKey: ["filterApiKeys"] });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form settings-create"
      aria-label="Create key"
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <h3>Create key</h3>
      <KeyField
        label="Name"
        helpId={`${id}-name`}
        error={fields.name}
        help="How people, logs and the audit trail refer to the key. Names stay taken after a revoke."
      >
        <input
          type="text"
          name="name"
          required
          value={name}
          placeholder="ci"
          autoComplete="off"
          spellCheck={false}
          {...describedBy(`${id}-name`, fields.name)}
          onChange={(e) => setName(e.target.value)}
        />
      </KeyField>
      <KeyField
        label="Role"
        helpId={`${id}-role`}
        error={fields.role}
        help={ROLE_HELP[role]}
        testId="role-help"
      >
        <select
          name="role"
          value={role}
          aria-describedby={`${id}-role`}
          onChange={(e) => setRole(e.target.value as Role)}
        >
          {KEY_ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </KeyField>
      <KeyField
        label="Expires in (days)"
        helpId={`${id}-expires`}
        error={
          expires === undefined
            ? "Enter a number of days above 0, or leave it empty."
            : fields.expires_in_seconds
        }
        help="Empty: the key works until it is revoked."
      >
        <input
          type="number"
          name="expires"
          min={1}
          step={1}
          value={days}
          placeholder="never"
          className={expires === undefined || fields.expires_in_seconds ? "invalid" : undefined}
          aria-invalid={expires === undefined || fields.expires_in_seconds ? true : undefined}
          aria-describedby={`${id}-expires`}
          onChange={(e) => setDays(e.target.value)}
        />
      </KeyField>
      {role === "worker" && (
        <KeyField
          label="Pools"
          helpId={`${id}-pools`}
          error={fields.pools}
          help="Work pools the worker may serve, separated by commas. Empty: every pool."
        >
          <input
            type="text"
            name="pools"
            value={poolsText}
            placeholder="east, west"
            autoComplete="off"
            spellCheck={false}
            {...describedBy(`${id}-pools`, fields.pools)}
            onChange={(e) => setPoolsText(e.target.value)}
          />
        </KeyField>
      )}
      {pools.length > 0 && (
        <div className="row" data-testid="pool-chips">
          {pools.map((pool) => (
            <span key={pool} className="tag">
              {pool}
            </span>
          ))}
        </div>
      )}
      <ErrorMessage error={error} title="Could not create the key" />
      <div className="row">
        <button
          type="submit"
          className="primary"
          disabled={busy || name.trim() === "" || expires === undefined}
        >
          {busy ? "Creating…" : authEnabled ? "Create key" : "Create key and turn auth on"}
        </button>
      </div>
    </form>
  );
}
