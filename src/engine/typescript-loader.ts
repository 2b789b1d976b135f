const KEY = Symbol.for("steward.engine.tsx-registered");

type Holder = typeof globalThis & { [KEY]?: Promise<void> };

/**
 * Registers tsx's loader once per process, so `import()` can load the user's `.ts` flow files
 * (and whatever they import) whether Steward runs from `dist/` under plain Node or from source.
 */
export function ensureTypeScriptLoader(): Promise<void> {
  const holder = globalThis as Holder;
  holder[KEY] ??= import("tsx/esm/api").then(({ register }) => {
    register();
  });
  return holder[KEY];
}
