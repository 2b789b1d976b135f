/**
 * @module `/settings`: the server's settings that the UI manages. Today its API keys, for admins
 * (with auth off, everyone is the anonymous admin); others are told who may, and nothing about
 * keys is asked of the server for them.
 */
import { useState } from "react";
import { useApi } from "../../api/client.js";
import { useSession } from "../../app/session.js";
import { QueryView } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { ApiKeyTable } from "./api-key-table.js";
import { AuthOffNote, OnlyAdminsNote } from "./auth-notes.js";
import { CreateKeyForm } from "./create-key-form.js";
import "./settings.css";

/** `/settings` */
export function SettingsPage() {
  const { session } = useSession();
  const isAdmin = !session.authEnabled || session.principal?.role === "admin";
  const [showInactive, setShowInactive] = useState(false);
  const keys = useApi(
    "filterApiKeys",
    { body: { include_inactive: showInactive } },
    { enabled: isAdmin, placeholderData: (previous) => previous },
  );
  return (
    <Page name="settings" title="Settings" ready={!isAdmin || keys.data !== undefined || keys.error !== null}>
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
    </Page>
  );
}
