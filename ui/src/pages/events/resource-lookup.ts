/**
 * @module Names for the Steward resources of a page of events that arrived without one (an event
 * emitted by hand about `steward.flow-run.<uuid>`, a related resource with only its id), so the
 * UI shows "flow run fancy-otter", linked, rather than the raw id. Most events carry
 * `steward.resource.name` already; the rest are looked up with at most one filter request per
 * kind for the whole page, never one per row.
 */
import type { Event, Resource } from "../../../../src/api/events.js";
import { useApi } from "../../api/client.js";
import { stewardResource } from "./event-text.js";

/** The most ids of one kind looked up for a page (a page holds at most 200 events). */
const MAX_LOOKUPS = 200;
const RESOLVED_KINDS = ["flow-run", "flow", "deployment", "work-pool"] as const;
type ResolvedKind = (typeof RESOLVED_KINDS)[number];

/** A resource with its name filled in when the page could find it. */
export type NameResources = (resource: Resource) => Resource;

/** The ids, by kind, of the unnamed Steward resources (and related resources) of `events`. */
export function unnamedIds(events: readonly Event[]): Record<ResolvedKind, string[]> {
  const found: Record<ResolvedKind, Set<string>> = {
    "flow-run": new Set(),
    flow: new Set(),
    deployment: new Set(),
    "work-pool": new Set(),
  };
  for (const event of events) {
    for (const resource of [event.resource, ...event.related]) {
      if (resource["steward.resource.name"]) continue;
      const parsed = stewardResource(resource["steward.resource.id"] ?? "");
      if (parsed && (RESOLVED_KINDS as readonly string[]).includes(parsed.kind)) {
        found[parsed.kind as ResolvedKind].add(parsed.id);
      }
    }
  }
  // Sorted, so the same page makes the same request (and hits the cache).
  const list = (ids: Set<string>) => [...ids].sort().slice(0, MAX_LOOKUPS);
  return {
    "flow-run": list(found["flow-run"]),
    flow: list(found.flow),
    deployment: list(found.deployment),
    "work-pool": list(found["work-pool"]),
  };
}

/** Fills in the names of `events`' unnamed Steward resources (see the module comment). */
export function useResourceLookup(events: readonly Event[]): NameResources {
  const ids = unnamedIds(events);
  const options = (kind: ResolvedKind) => ({
    enabled: ids[kind].length > 0,
    refetchInterval: false as const,
  });
  const limit = MAX_LOOKUPS;
  const runs = useApi(
    "filterFlowRuns",
    { body: { flow_runs: { id: { any_: ids["flow-run"] } }, limit } },
    options("flow-run"),
  );
  const flows = useApi(
    "filterFlows",
    { body: { flows: { id: { any_: ids.flow } }, limit } },
    options("flow"),
  );
  const deployments = useApi(
    "filterDeployments",
    { body: { deployments: { id: { any_: ids.deployment } }, limit } },
    options("deployment"),
  );
  const pools = useApi(
    "filterWorkPools",
    { body: { work_pools: { id: { any_: ids["work-pool"] } }, limit } },
    options("work-pool"),
  );
  const names = new Map<string, string>();
  for (const run of runs.data ?? []) names.set(`steward.flow-run.${run.id}`, run.name);
  for (const flow of flows.data ?? []) names.set(`steward.flow.${flow.id}`, flow.name);
  for (const d of deployments.data ?? []) names.set(`steward.deployment.${d.id}`, `${d.flow_name}/${d.name}`);
  for (const pool of pools.data ?? []) names.set(`steward.work-pool.${pool.id}`, pool.name);
  return (resource) => {
    if (resource["steward.resource.name"]) return resource;
    const name = names.get(resource["steward.resource.id"] ?? "");
    return name ? { ...resource, "steward.resource.name": name } : resource;
  };
}
