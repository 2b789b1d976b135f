/** @module The CLI commands the work-pool pages suggest, quoted so that they paste into a shell. */

/** `name` as one shell word: bare when it is plain, single-quoted otherwise. */
export function shellWord(name: string): string {
  return /^[\w.:@+=-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}

/** The command that starts a worker for `pool`. */
export function workerStartCommand(pool: string): string {
  return `steward worker start --pool ${shellWord(pool)}`;
}

/** The command that creates a process pool, as the empty state shows it. */
export const CREATE_POOL_COMMAND = "steward work-pool create --type process my-pool";

/** The command that deploys the example flow to `pool`. */
export function deployCommand(pool: string): string {
  return `steward deploy flows/hello.ts:hello --name hello --pool ${shellWord(pool)}`;
}
