/**
 * @module One value per process, shared by every copy of the SDK loaded in it.
 *
 * The CLI runs from `dist/`, and a user's flow file imports "steward", which Node resolves to
 * `dist/index.js` through the package's self-reference; tests may load `src/` and `dist/` side by
 * side. Two module copies must still see one run context, one configuration and one event buffer,
 * so each such value lives on `globalThis` under a registered symbol and every copy picks up the
 * first one created.
 */

/** The value registered under `steward.sdk.<name>`, created by `create` the first time it is asked for. */
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`steward.sdk.${name}`);
  const holder = globalThis as typeof globalThis & Record<symbol, T | undefined>;
  return (holder[key] ??= create());
}
