/**
 * @module The URL of every page, for links. The router (app/router.tsx) maps the same paths to the
 * pages; pages and components import this module to link, and it imports nothing.
 */

/** Paths of the pages, for links. */
export const paths = {
  dashboard: () => "/",
  flowRuns: () => "/runs",
  flowRun: (id: string) => `/runs/flow-run/${id}`,
  flows: () => "/flows",
  flow: (id: string) => `/flows/flow/${id}`,
  deployments: () => "/deployments",
  deployment: (id: string) => `/deployments/deployment/${id}`,
  customRun: (id: string) => `/deployments/deployment/${id}/run`,
  workPools: () => "/work-pools",
  createWorkPool: () => "/work-pools/create",
  workPool: (name: string) => `/work-pools/work-pool/${encodeURIComponent(name)}`,
  workQueue: (pool: string, queue: string) =>
    `/work-pools/work-pool/${encodeURIComponent(pool)}/queue/${encodeURIComponent(queue)}`,
  events: (filter: Record<string, string> = {}) => {
    const query = new URLSearchParams(filter).toString();
    return query ? `/events?${query}` : "/events";
  },
  event: (id: string) => `/events/${id}`,
  automations: () => "/automations",
  automation: (id: string) => `/automations/${id}`,
  createAutomation: () => "/automations/new",
  editAutomation: (id: string) => `/automations/${id}/edit`,
};
