/** @module The work pools: one card each, live status, pause switches, and how to make the first one. */
import { Link } from "react-router";
import { useApi } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { CommandBlock } from "../../components/code.js";
import { EmptyState, QueryView } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { CREATE_POOL_COMMAND } from "./commands.js";
import { PoolCard } from "./pool-card.js";
import "./work-pools.css";

function CreateButton() {
  return (
    <Link to={paths.createWorkPool()} className="button primary">
      + Create work pool
    </Link>
  );
}

/** `/work-pools` */
export function WorkPoolsPage() {
  const pools = useApi("filterWorkPools", { body: {} });
  return (
    <Page
      name="work-pools"
      title="Work pools"
      ready={pools.data !== undefined || pools.error !== null}
      actions={pools.data && pools.data.length > 0 ? <CreateButton /> : undefined}
    >
      <QueryView query={pools} what="work pools">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No work pools yet">
              <div className="stack pools-empty">
                <p>
                  A work pool is where deployments send their runs and where workers pick them up. Create one,
                  then start a worker that polls it.
                </p>
                <CommandBlock command={CREATE_POOL_COMMAND} />
                <div>
                  <CreateButton />
                </div>
              </div>
            </EmptyState>
          ) : (
            <div className="grid pool-grid">
              {list.map((pool) => (
                <PoolCard key={pool.id} pool={pool} />
              ))}
            </div>
          )
        }
      </QueryView>
    </Page>
  );
}
