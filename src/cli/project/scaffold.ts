import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The starter flow `steward init` writes: the README's first flow, runnable as a script. */
export const STARTER_FLOW = `import { flow, getRunLogger, runIfMain, task } from "steward";
import { z } from "zod";

const shout = task({ name: "shout", retries: 3, retryDelaySeconds: [1, 10, 60] }, async (text: string) =>
  text.toUpperCase(),
);

export const hello = flow(
  { name: "hello", parameters: z.object({ name: z.string().default("world") }) },
  async ({ name }) => {
    getRunLogger().info(\`Hello, \${name}!\`);
    return shout(\`hello, \${name}\`);
  },
);

// When this file is run as a script (not when Steward imports it), run the flow once.
runIfMain(async () => console.log(await hello({ name: "Ada" })));
`;

/** The npm scripts `steward init` adds to package.json (never replacing one the project has). */
export function starterScripts(pool: string): Record<string, string> {
  return {
    "steward:server": "steward server start",
    "steward:worker": `steward worker start --pool ${pool}`,
    "steward:deploy": "steward deploy --all",
    hello: "tsx flows/hello.ts",
  };
}

/** What {@link writeStarterFiles} did with each file. */
export interface ScaffoldReport {
  readonly written: string[];
  readonly kept: string[];
  /** Scripts added to package.json, and those left alone because the name was taken. */
  readonly scriptsAdded: string[];
  readonly scriptsKept: string[];
  /** False when the folder has no package.json (no scripts were added). */
  readonly hasPackageJson: boolean;
}

/**
 * Writes the starter flow (unless the file exists) and adds the starter scripts to `package.json`
 * (keeping its formatting of two-space JSON, and every script it already has).
 */
export function writeStarterFiles(dir: string, pool: string): ScaffoldReport {
  const report: ScaffoldReport = {
    written: [],
    kept: [],
    scriptsAdded: [],
    scriptsKept: [],
    hasPackageJson: false,
  };
  const flowFile = join(dir, "flows", "hello.ts");
  if (existsSync(flowFile)) report.kept.push(flowFile);
  else {
    mkdirSync(dirname(flowFile), { recursive: true });
    writeFileSync(flowFile, STARTER_FLOW);
    report.written.push(flowFile);
  }
  const packageFile = join(dir, "package.json");
  if (!existsSync(packageFile)) return report;
  const manifest = JSON.parse(readFileSync(packageFile, "utf8")) as { scripts?: Record<string, string> };
  const scripts = { ...manifest.scripts };
  for (const [name, command] of Object.entries(starterScripts(pool))) {
    if (scripts[name] === undefined) {
      scripts[name] = command;
      report.scriptsAdded.push(name);
    } else if (scripts[name] !== command) report.scriptsKept.push(name);
  }
  if (report.scriptsAdded.length > 0) {
    writeFileSync(packageFile, `${JSON.stringify({ ...manifest, scripts }, null, 2)}\n`);
  }
  return { ...report, hasPackageJson: true };
}
