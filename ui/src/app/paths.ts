/**
 * @module The URL of every page, for links. The router (app/router.tsx) maps the same paths to the
 * pages; pages and components import this module to link, and it imports nothing.
 */

/** Paths of the pages, for links. */
export const paths = {
  /** The login page; `next` is where to go once signed in. */
  login: (next?: string) => (next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login"),
  dashboard: () => "/",
  flowRuns: () => "/runs",
  flowRun: (id: string) => `/runs/flow-run/${id}`,
  taskRun: (id: string) => `/runs/task-run/${id}`,
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
  settings: () => "/settings",
};

/**
 * Where the login page returns to: `next` when it is a path of this app, else the dashboard. Never
 * another site (`//evil.example`; browsers read a backslash as `/` and drop tabs and newlines,
 * so a path with those is refused too), and never the login page itself.
 */
export function returnPath(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//")) return paths.dashboard();
  // eslint-disable-next-line no-control-regex -- control characters are what is being refused
  if (/[\\\u0000-\u001f]/.test(next) || /^\/login(?:[/?#]|$)/.test(next)) return paths.dashboard();
  return next;
}
