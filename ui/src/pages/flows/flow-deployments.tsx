/** @module The Deployments tab of a flow. */
import { useApi } from "../../api/client.js";
import { CommandBlock } from "../../components/code.js";
import { DeploymentTable } from "../../components/deployment-table.js";
import { EmptyState, QueryView } from "../../components/messages.js";

/** The deployments of `flowId` (shared by the tab and its count). */
export function useFlowDeployments(flowId: string, enabled = true) {
  return useApi(
    "filterDeployments",
    { body: { flows: { id: { any_: [flowId] } }, sort: "NAME_ASC" } },
    { enabled },
  );
}

/** The deployments of `flowId`, linked. */
export function FlowDeployments({ flowId, flowName }: { flowId: string; flowName: string }) {
  const deployments = useFlowDeployments(flowId);
  return (
    <QueryView query={deployments} what="deployments">
      {(list) =>
        list.length === 0 ? (
          <EmptyState title={`${flowName} has no deployments`}>
            <div className="stack flows-empty">
              <p>Deploy it to a work pool to run it on a schedule or from this UI:</p>
              <CommandBlock
                command={`steward deploy path/to/file.ts:${flowName} --name my-deployment --pool my-pool`}
              />
            </div>
          </EmptyState>
        ) : (
          <DeploymentTable deployments={list} context="flow" testId="flow-deployments" />
        )
      }
    </QueryView>
  );
}
