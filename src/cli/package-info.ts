import { readFileSync } from "node:fs";

let cached: string | undefined;

/**
 * The installed package's version. package.json sits two folders up both from `src/cli/` (tests)
 * and from `dist/cli/` (the built command), so one relative URL serves both.
 */
export function packageVersion(): string {
  if (cached === undefined) {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    cached = String((JSON.parse(text) as { version?: unknown }).version ?? "unknown");
  }
  return cached;
}
