/** @module The API keys as a table: name, role, prefix, pools, expiry, last use, status, revoke. */
import type { ApiKey } from "../../../../src/api/api-keys.js";
import { useNow } from "../../api/live.js";
import { DateTime, RelativeTime } from "../../components/time.js";
import { keyStatus } from "./key-words.js";
import { RevokeKeyButton } from "./revoke-key-button.js";
import { TableScroll } from "../../components/table-scroll.js";

/** The table (`table[aria-label="API keys"]`, one `tr[data-key=NAME]` each) and its filter toggle. */
export function ApiKeyTable({
  keys,
  showInactive,
  onShowInactive,
}: {
  keys: readonly ApiKey[];
  showInactive: boolean;
  onShowInactive: (show: boolean) => void;
}) {
  const now = useNow(30_000);
  return (
    <div className="stack settings-keys">
      <label className="row settings-toggle">
        <input type="checkbox" checked={showInactive} onChange={(e) => onShowInactive(e.target.checked)} />
        Show revoked and expired keys
      </label>
      {keys.length === 0 ? (
        <p className="muted" data-testid="no-keys">
          {showInactive ? "No API keys yet." : "No working API keys."} Create one below.
        </p>
      ) : (
        <TableScroll label="API keys, scrolls sideways">
          <table className="table" aria-label="API keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Prefix</th>
                <th scope="col">Pools</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => {
                const status = keyStatus(key, now);
                return (
                  <tr key={key.id} data-key={key.name} data-status={status}>
                    <th scope="row">{key.name}</th>
                    <td>
                      <span className="tag">{key.role}</span>
                    </td>
                    <td className="mono">{key.prefix}…</td>
                    <td>{poolsText(key)}</td>
                    <td>
                      {key.expires ? <DateTime value={key.expires} /> : <span className="muted">never</span>}
                    </td>
                    <td>
                      <RelativeTime value={key.last_used} />
                    </td>
                    <td>
                      <span className={`key-status key-${status}`}>{status}</span>
                    </td>
                    <td>{status === "active" && <RevokeKeyButton apiKey={key} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

/** A worker key's pools ("every pool" when it has none); a dash for other roles. */
function poolsText(key: ApiKey): string {
  if (key.role !== "worker") return "—";
  return key.pools.length === 0 ? "every pool" : key.pools.join(", ");
}
