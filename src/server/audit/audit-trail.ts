/**
 * @module The audit trail's writer: after each write through the API succeeds, one record of who
 * made it (the key, user or flow run, with its role), which route, on what, and a few words on the
 * change. One rule for the whole route table, so no route can forget it. The per-run telemetry
 * (heartbeats, polls and claims, logs, events, task-run bookkeeping) is left out: it would outgrow
 * everything else, and the events it causes carry their actor anyway.
 */
import { type RouteName, routes } from "../../api/routes.js";
import type { Principal } from "../../core/access.js";
import { clientAddress } from "../http/auth.js";
import type { Handler, Reply, RouteRequest } from "../http/route-types.js";
import type { NewAuditRecord } from "../storage/store.js";
import { actorOf } from "./actor.js";
import type { AuditWriter } from "./audit-writer.js";
import { describeWrite } from "./describe-write.js";

/** Writes that are not recorded: a run's own telemetry, many per run and second. */
export const UNAUDITED_ROUTES: ReadonlySet<RouteName> = new Set<RouteName>([
  "flowRunHeartbeat",
  "workerHeartbeat",
  "getScheduledFlowRuns",
  "claimFlowRuns",
  "getDeploymentScheduledFlowRuns",
  "claimDeploymentFlowRuns",
  "createLogs",
  "createEvents",
  "createTaskRun",
  "updateTaskRun",
  "setTaskRunState",
  "recordTaskRunStates",
]);

/** Whether a successful call of route `name` is recorded: a write, not telemetry, by a caller, or a sign-in. */
export function isAudited(name: RouteName, isWrite: boolean): boolean {
  if (name === "login") return true;
  return isWrite && routes[name].access.role !== "open" && !UNAUDITED_ROUTES.has(name);
}

/** Who signed in, from the answer of a sign-in (an open route: the request had nobody yet). */
function signedIn(reply: unknown): Principal | undefined {
  const principal = (reply as { principal?: Pick<Principal, "kind" | "name" | "role"> } | undefined)
    ?.principal;
  return principal && { ...principal, pools: [] };
}

/** What the audit writer needs. */
export interface AuditTrailDeps {
  readonly writer: AuditWriter;
  /** Where a record that could not be written is reported. */
  readonly log: (line: string) => void;
}

/**
 * `handler`, recording each call that succeeded. The write has happened by then: a record that
 * cannot be stored is logged, and the caller still gets its answer (failing it would invite a
 * retry of a write that was made).
 */
export function auditedHandler<N extends RouteName>(
  name: N,
  handler: Handler<N>,
  deps: AuditTrailDeps,
): Handler<N> {
  return async (request) => {
    const reply = await handler(request);
    const principal = request.principal ?? (name === "login" ? signedIn(reply.body) : undefined);
    if (principal !== undefined) {
      const entry = auditEntry(name, request, reply, principal);
      await deps.writer.record(entry).catch((error: unknown) => {
        deps.log(
          `audit: could not record ${entry.method} /api${entry.path} by ${entry.actor.kind} "${entry.actor.name}": ${(error as Error).message}`,
        );
      });
    }
    return reply;
  };
}

function auditEntry<N extends RouteName>(
  name: N,
  request: RouteRequest<N>,
  reply: Reply<N>,
  principal: Principal,
): NewAuditRecord {
  const spec = routes[name];
  const actor = actorOf(principal);
  const write = describeWrite(spec, request.params, request.body, reply.body);
  return {
    actor: { ...actor, kind: principal.kind },
    action: name,
    method: spec.method,
    path: spec.path,
    resourceKind: write.resourceKind,
    resourceId: write.resourceId,
    resultId: write.resultId,
    detail: write.detail,
    status: reply.status ?? spec.status,
    address: clientAddress(request.c),
  };
}
