/**
 * @module `/settings`: the server's settings that the UI manages. Its API keys and users, for
 * admins (with auth off, everyone is the anonymous admin); others are told who may, and nothing
 * about keys or users is asked of the server for them. A person signed in as a user may change
 * their own password here.
 */
import { useState } from "react";
import { useApi } from "../../api/client.js";
import { useSession } from "../../app/session.js";
import { QueryView } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { ApiKeyTable } from "./api-key-table.js";
import { AuthOffNote, OnlyAdminsNote } from "./auth-notes.js";
import { ChangePasswordForm } from "./change-password-form.js";
import { CreateKeyForm } from "./create-key-form.js";
import { CreateUserForm } from "./create-user-form.js";
import { TimeZoneSection } from "./time-zone-section.js";
import { UserTable } from "./user-table.js";
import "./settings.css";

/** `/settings` */
export function SettingsPage() {
  const { session } = useSession();
  const isAdmin = !session.authEnabled || session.principal?.role === "admin";
  const [showInactive, setShowInactive] = useState(false);
  const [showDisabled, setShowDisabled] = useState(false);
  const users = useApi(
    "filterUsers",
    { body: { include_disabled: showDisabled } },
    { enabled: isAdmin, placeholderData: (previous) => previous },
  );
  const keys = useApi(
    "filterApiKeys",
    { body: { include_inactive: showInactive } },
    { enabled: isAdmin, placeholderData: (previous) => previous },
  );
  return (
    <Page
      name="settings"
      title="Settings"
      ready={
        !isAdmin ||
        ((keys.data !== undefined || keys.error !== null) &&
          (users.data !== undefined || users.error !== null))
      }
    >
      <TimeZoneSection />
      <section className="card settings-section" aria-labelledby="api-keys-title" data-testid="api-keys">
        <h2 id="api-keys-title">API keys</h2>
        <p className="muted">
          The CLI, workers and the SDK send a key as <code>Authorization: Bearer …</code> (
          <code>STEWARD_API_KEY</code>); this UI signs in with one. Each key has a role that says what it may
          do.
        </p>
        {!isAdmin && session.principal ? (
          <OnlyAdminsNote principal={session.principal} />
        ) : (
          <>
            {!session.authEnabled && <AuthOffNote />}
            <QueryView query={keys} what="API keys">
              {(list) => (
                <ApiKeyTable keys={list} showInactive={showInactive} onShowInactive={setShowInactive} />
              )}
            </QueryView>
            <CreateKeyForm authEnabled={session.authEnabled} />
          </>
        )}
      </section>
      {session.principal?.kind === "user" && (
        <section
          className="card settings-section"
          aria-labelledby="my-password-title"
          data-testid="my-password"
        >
          <h2 id="my-password-title">Change my password</h2>
          <ChangePasswordForm username={session.principal.name} />
        </section>
      )}
      {isAdmin && (
        <section className="card settings-section" aria-labelledby="users-title" data-testid="users">
          <h2 id="users-title">Users</h2>
          <p className="muted">
            People sign in to this UI with a user name and password that an admin gives them; scripts and
            workers use API keys. A user's role and status apply to their open sessions at once.
          </p>
          <QueryView query={users} what="users">
            {(list) => (
              <UserTable users={list} showDisabled={showDisabled} onShowDisabled={setShowDisabled} />
            )}
          </QueryView>
          <CreateUserForm authEnabled={session.authEnabled} />
        </section>
      )}
    </Page>
  );
}
