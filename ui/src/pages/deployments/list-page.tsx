/**
 * @module The deployments page: every deployment with its status, schedules, pool, last run, a
 * pause switch and a Run button; searchable by name and filtered by pool and tag (in the URL).
 */
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import type { DeploymentQuery } from "../../../../src/api/deployments.js";
import { useApi } from "../../api/client.js";
import { CommandBlock } from "../../components/code.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { Pager } from "../../components/pager.js";
import { DeploymentsTable } from "./deployments-table.js";
import "./deployments.css";

const PAGE_SIZE = 100;

/** Keeps the search box responsive: the URL (and the query) follow it after a pause in typing. */
function useDebounced(value: string, ms = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Deployments */
export function DeploymentsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const pool = params.get("pool") ?? "";
  const tag = params.get("tag") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [search, setSearch] = useState(q);
  const settled = useDebounced(search);
  const set = (key: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        if (key !== "page") next.delete("page");
        return next;
      },
      { replace: true },
    );
  useEffect(() => {
    if (settled !== q) set("q", settled);
    // Only the settled text drives the URL; `q` changing from the URL itself needs nothing.
  }, [settled]);

  const filter: DeploymentQuery = {
    deployments: {
      ...(q && { name: { like_: q } }),
      ...(pool && { work_pool_name: { any_: [pool] } }),
    },
  };
  const deployments = useApi(
    "filterDeployments",
    { body: { ...filter, sort: "NAME_ASC", limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } },
    { placeholderData: (previous) => previous },
  );
  const count = useApi("countDeployments", { body: filter });
  const total = useApi("countDeployments", { body: {} });
  const pools = useApi("filterWorkPools", { body: {} });

  // Tags are filtered here: the API filters deployments by name and pool only.
  const shown = (deployments.data ?? []).filter((d) => !tag || d.tags.includes(tag));
  const tags = [
    ...new Set([...(deployments.data ?? []).flatMap((d) => d.tags), ...(tag ? [tag] : [])]),
  ].sort();
  const filtered = Boolean(q || pool || tag);
  const pages = Math.max(1, Math.ceil((count.data ?? 0) / PAGE_SIZE));

  return (
    <Page
      name="deployments"
      title="Deployments"
      ready={deployments.data !== undefined || deployments.error !== null}
    >
      <div className="filters">
        <input
          type="search"
          aria-label="Search deployments by name"
          placeholder="Search by name…"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          style={{ minWidth: 240 }}
        />
        <select aria-label="Work pool" value={pool} onChange={(event) => set("pool", event.target.value)}>
          <option value="">All work pools</option>
          {(pools.data ?? []).map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
        <select aria-label="Tag" value={tag} onChange={(event) => set("tag", event.target.value)}>
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        {filtered && (
          <button
            type="button"
            className="ghost"
            onClick={() => {
              setSearch("");
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            Clear filters
          </button>
        )}
        <span className="spacer" />
        {count.data !== undefined && (
          <span className="muted">
            {count.data.toLocaleString()} deployment{count.data === 1 ? "" : "s"}
          </span>
        )}
      </div>
      {deployments.error ? (
        <ErrorMessage error={deployments.error} title="Could not load deployments" />
      ) : !deployments.data ? (
        <Loading what="deployments" />
      ) : shown.length > 0 ? (
        <>
          <DeploymentsTable deployments={shown} />
          {pages > 1 && (
            <Pager
              page={page}
              pages={pages}
              count={count.data ?? 0}
              noun="deployments"
              onPage={(n) => set("page", String(n))}
            />
          )}
        </>
      ) : total.data === 0 ? (
        <EmptyState title="No deployments yet">
          <p>A deployment says where, how and when a flow runs. Create one from a flow file:</p>
          <CommandBlock command="npx steward deploy flows/hello.ts:hello --name hello --pool my-pool --interval 60" />
        </EmptyState>
      ) : (
        <EmptyState title="No deployments match these filters">
          {filtered ? "Try another name, pool or tag, or clear the filters." : "Nothing on this page."}
        </EmptyState>
      )}
    </Page>
  );
}
