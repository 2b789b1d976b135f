/** @module The users as a table: name, role, created, last sign-in, status, and the admin's actions. */
import type { User } from "../../../../src/api/users.js";
import { DateTime, RelativeTime } from "../../components/time.js";
import { DisableUserButton } from "./disable-user-button.js";
import { ResetPasswordButton } from "./reset-password-button.js";
import { TableScroll } from "../../components/table-scroll.js";

/** The table (`table[aria-label="Users"]`, one `tr[data-user=NAME]` each) and its filter toggle. */
export function UserTable({
  users,
  showDisabled,
  onShowDisabled,
}: {
  users: readonly User[];
  showDisabled: boolean;
  onShowDisabled: (show: boolean) => void;
}) {
  return (
    <div className="stack settings-keys">
      <label className="row settings-toggle">
        <input type="checkbox" checked={showDisabled} onChange={(e) => onShowDisabled(e.target.checked)} />
        Show disabled users
      </label>
      {users.length === 0 ? (
        <p className="muted" data-testid="no-users">
          {showDisabled ? "No users yet." : "No active users."} Create one below.
        </p>
      ) : (
        <TableScroll label="Users, scrolls sideways">
          <table className="table" aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => {
                const status = user.disabled ? "disabled" : "active";
                return (
                  <tr key={user.id} data-user={user.name} data-status={status}>
                    <th scope="row">{user.name}</th>
                    <td>
                      <span className="tag">{user.role}</span>
                    </td>
                    <td>
                      <DateTime value={user.created} />
                    </td>
                    <td>
                      <RelativeTime value={user.last_login} />
                    </td>
                    <td>
                      <span className={`key-status key-${status === "active" ? "active" : "revoked"}`}>
                        {status}
                      </span>
                    </td>
                    <td>
                      {status === "active" && (
                        <div className="row">
                          <ResetPasswordButton user={user} />
                          <DisableUserButton user={user} />
                        </div>
                      )}
                    </td>
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
