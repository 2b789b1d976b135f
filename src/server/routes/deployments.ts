/** @module Handlers of the `/deployments` routes and of `GET /worker_types/{type}`. */
import { StewardError } from "../../core/errors.js";
import { claimForDeploymentsWithLongPoll } from "../claims/long-poll.js";
import { workerTypeInfo } from "../../core/worker-types.js";
import { found, RESOURCES, requireMatch } from "../http/resources.js";
import type { RouteHandlers } from "../http/route-types.js";
import { deploymentOwner, replaceDeploymentTriggers } from "./deployment-triggers.js";
import type { RouteDeps } from "./deps.js";

type DeploymentRoutes =
  | "createDeployment"
  | "readDeployment"
  | "readDeploymentByName"
  | "updateDeployment"
  | "deleteDeployment"
  | "filterDeployments"
  | "countDeployments"
  | "createFlowRunFromDeployment"
  | "pauseDeployment"
  | "resumeDeployment"
  | "readDeploymentSchedules"
  | "createDeploymentSchedules"
  | "updateDeploymentSchedule"
  | "deleteDeploymentSchedule"
  | "readWorkerType"
  | "claimDeploymentFlowRuns"
  | "getDeploymentScheduledFlowRuns";

const DEPLOYMENT = RESOURCES.deployments;

/**
 * Deployment handlers. Create is an upsert on (flow_id, name): 201 when made, 200 when an existing
 * one was updated; its `triggers`, when given, replace the automations the deployment owns.
 * PATCH bodies only change the fields the client sent. Deleting removes the owned automations.
 */
export function deploymentRoutes({ store, signal, changes }: RouteDeps): RouteHandlers<DeploymentRoutes> {
  const deployments = store.deployments;
  return {
    createDeployment: async ({ body }) => {
      const { value, created } = await deployments.upsert(body);
      if (body.triggers !== undefined) await replaceDeploymentTriggers(store, value, body.triggers);
      return { status: created ? 201 : 200, body: value };
    },
    readDeployment: async ({ params }) => ({
      body: found(await deployments.read(params.id), DEPLOYMENT, params.id),
    }),
    readDeploymentByName: async ({ params }) => {
      const deployment = await deployments.readByName(params.flow_name, params.deployment_name);
      if (!deployment) throw deploymentNameNotFound(params.flow_name, params.deployment_name);
      return { body: deployment };
    },
    updateDeployment: async ({ params, body }) => {
      requireMatch(await deployments.update(params.id, body), DEPLOYMENT, params.id);
      return {};
    },
    deleteDeployment: async ({ params }) => {
      requireMatch(await deployments.delete(params.id), DEPLOYMENT, params.id);
      await store.automations.deleteOwnedBy(deploymentOwner(params.id));
      return {};
    },
    filterDeployments: async ({ body }) => ({ body: await deployments.filter(body) }),
    countDeployments: async ({ body }) => ({ body: await deployments.count(body) }),
    createFlowRunFromDeployment: async ({ params, body }) => ({
      body: await deployments.createFlowRun(params.id, body),
    }),
    pauseDeployment: async ({ params }) => {
      requireMatch(await deployments.setPaused(params.id, true), DEPLOYMENT, params.id);
      return {};
    },
    resumeDeployment: async ({ params }) => {
      requireMatch(await deployments.setPaused(params.id, false), DEPLOYMENT, params.id);
      return {};
    },
    readDeploymentSchedules: async ({ params }) => ({
      body: found(await deployments.schedules(params.id), DEPLOYMENT, params.id),
    }),
    createDeploymentSchedules: async ({ params, body }) => ({
      body: await deployments.addSchedules(params.id, body),
    }),
    updateDeploymentSchedule: async ({ params, body }) => {
      if (!(await deployments.updateSchedule(params.id, params.schedule_id, body))) {
        throw scheduleNotFound(params.id, params.schedule_id);
      }
      return {};
    },
    deleteDeploymentSchedule: async ({ params }) => {
      if (!(await deployments.deleteSchedule(params.id, params.schedule_id))) {
        throw scheduleNotFound(params.id, params.schedule_id);
      }
      return {};
    },
    readWorkerType: async ({ params }) => ({ body: workerTypeInfo(params.type) }),
    // Serve's runner: the work-pool claim's long poll, over the runs of the named deployments.
    claimDeploymentFlowRuns: async ({ body, c }) => {
      const aborts = [c.req.raw.signal, ...(signal ? [signal] : [])];
      return {
        body: await claimForDeploymentsWithLongPoll(store.claims, body, {
          signal: AbortSignal.any(aborts),
          onAttempt: () => changes?.notify(),
        }),
      };
    },
    getDeploymentScheduledFlowRuns: async ({ body }) => ({
      body: await store.claims.scheduledForDeployments(body),
    }),
  };
}

function deploymentNameNotFound(flowName: string, name: string): StewardError {
  return new StewardError(
    "DEPLOYMENT_NOT_FOUND",
    `No deployment is named "${flowName}/${name}". Names are "<flow name>/<deployment name>" and case-sensitive; \`steward deployment ls\` lists them.`,
    { details: { flow_name: flowName, deployment_name: name } },
  );
}

function scheduleNotFound(deploymentId: string, scheduleId: string): StewardError {
  return new StewardError(
    "SCHEDULE_NOT_FOUND",
    `Deployment ${deploymentId} has no schedule with id ${JSON.stringify(scheduleId)}. GET /api/deployments/${deploymentId}/schedules lists its schedules.`,
  );
}
