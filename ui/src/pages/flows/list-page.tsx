/** @module The flows: search by name, page through them, see each one's deployments and recent runs. */
import { useSearchParams } from "react-router";
import { useApi } from "../../api/client.js";
import { CommandBlock } from "../../components/code.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { Pager } from "../../components/pager.js";
import { FlowsTable } from "./flows-table.js";
import "./flows.css";

const PAGE_SIZE = 25;

/** `/flows` (`?q=` searches names, `?page=` pages). */
export function FlowsPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === "") next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  const flows = useApi(
    "paginateFlows",
    {
      body: {
        flows: search.trim() ? { name: { like_: search.trim() } } : undefined,
        sort: "NAME_ASC",
        limit: PAGE_SIZE,
        page,
      },
    },
    { placeholderData: (previous) => previous },
  );
  const data = flows.data;
  const nothingAtAll = data !== undefined && data.count === 0 && search.trim() === "";
  return (
    <Page name="flows" title="Flows" ready={data !== undefined || flows.error !== null}>
      {nothingAtAll ? (
        <EmptyState title="No flows yet">
          <div className="stack flows-empty">
            <p>Flows appear here when you first run or deploy one. Run the example flow:</p>
            <CommandBlock command="npx tsx flows/hello.ts" />
            <p>or deploy it to a work pool, so a worker runs it:</p>
            <CommandBlock command="steward deploy flows/hello.ts:hello --name hello --pool my-pool" />
          </div>
        </EmptyState>
      ) : (
        <div className="stack">
          <div className="filters">
            <input
              type="search"
              aria-label="Search flows by name"
              placeholder="Search flows by name"
              value={search}
              onChange={(e) => update({ q: e.target.value, page: null })}
            />
            {data && (
              <span className="muted">
                {data.count.toLocaleString()} flow{data.count === 1 ? "" : "s"}
              </span>
            )}
          </div>
          {flows.error ? (
            <ErrorMessage error={flows.error} title="Could not load flows" />
          ) : !data ? (
            <Loading what="flows" />
          ) : data.count === 0 ? (
            <EmptyState title={`No flow matches "${search}"`}>
              Try part of the name, or clear the search.
            </EmptyState>
          ) : (
            <>
              <FlowsTable flows={data.results} />
              <Pager
                page={page}
                pages={data.pages}
                count={data.count}
                noun={data.count === 1 ? "flow" : "flows"}
                onPage={(next) => update({ page: String(next) })}
              />
            </>
          )}
        </div>
      )}
    </Page>
  );
}
