/** @module The Deployments tab of a work pool: what sends runs here. */
import { useApi } from "../../api/client.js";
import { CommandBlock } from "../../components/code.js";
import { DeploymentTable } from "../../components/deployment-table.js";
import { EmptyState, QueryView } from "../../components/messages.js";
import { deployCommand } from "./commands.js";

/** The deployments whose runs go to `pool` (shared by the tab and its count). */
export function usePoolDeployments(pool: string, enabled = true) {
  return useApi(
    "filterDeployments",
    { body: { deployments: { work_pool_name: { any_: [pool] } }, sort: "NAME_ASC" } },
    { enabled },
  );
}

/** Deployments whose runs go to `pool`. */
export function PoolDeployments({ pool }: { pool: string }) {
  const deployments = usePoolDeployments(pool);
  return (
    <QueryView query={deployments} what="deployments">
      {(list) =>
        list.length === 0 ? (
          <EmptyState title="No deployments use this pool">
            <div className="stack pools-empty">
              <p>Deploy a flow to this pool and its runs wait here for a worker:</p>
              <CommandBlock command={deployCommand(pool)} />
            </div>
          </EmptyState>
        ) : (
          <DeploymentTable deployments={list} context="pool" testId="pool-deployments" />
        )
      }
    </QueryView>
  );
}
