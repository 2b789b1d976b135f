/**
 * @module The audit trail of one resource, newest first: who (key or user, and the role they used)
 * did what, when, from the server's record of every write (`POST /api/audit/filter`).
 */
import { useState } from "react";
import { useApi } from "../api/client.js";
import { actionWords, actorWords } from "./audit-words.js";
import { EmptyState, QueryView } from "./messages.js";
import { DateTime } from "./time.js";
import { TableScroll } from "./table-scroll.js";

const PAGE = 50;

/** The writes made to `resourceId` (or that created it), paged by 50. */
export function ActivityList({ resourceId, noun }: { resourceId: string; noun: string }) {
  const [offset, setOffset] = useState(0);
  // One more than a page tells whether there is a next one.
  const records = useApi(
    "filterAuditRecords",
    { body: { resource_id: resourceId, limit: PAGE + 1, offset } },
    { placeholderData: (previous) => previous },
  );
  return (
    <QueryView query={records} what="activity">
      {(found) =>
        found.length === 0 && offset === 0 ? (
          <EmptyState title="Nothing recorded yet">
            Changes made to this {noun} through the API or the UI are listed here, with who made them.
          </EmptyState>
        ) : (
          <div data-testid="activity">
            <TableScroll label="Audit log">
              <table className="table">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Who</th>
                    <th>What</th>
                  </tr>
                </thead>
                <tbody>
                  {found.slice(0, PAGE).map((record) => (
                    <tr key={record.id} data-action={record.action}>
                      <td>
                        <DateTime value={record.occurred} />
                      </td>
                      <td>
                        <span data-testid="activity-actor">{actorWords(record.actor)}</span>{" "}
                        <span className="tag" data-testid="activity-role">
                          {record.actor.role}
                        </span>
                      </td>
                      <td className="wrap" title={`${record.method} /api${record.path}`}>
                        <span data-testid="activity-what">{actionWords(record)}</span>
                        {record.detail && (
                          <div className="mono muted" data-testid="activity-detail">
                            {record.detail}
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {(offset > 0 || found.length > PAGE) && (
              <div className="pager">
                <button
                  type="button"
                  className="small"
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - PAGE))}
                >
                  Newer
                </button>
                <button
                  type="button"
                  className="small"
                  disabled={found.length <= PAGE}
                  onClick={() => setOffset(offset + PAGE)}
                >
                  Older
                </button>
              </div>
            )}
          </div>
        )
      }
    </QueryView>
  );
}
