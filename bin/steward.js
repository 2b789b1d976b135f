#!/usr/bin/env node
// The `steward` command. The compiled CLI lives in dist/ (built by `npm install` / `npm run build`).
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  console.error(
    "steward: dist/ is missing. Run `npm install` (or `npm run build`) in the steward package first.",
  );
  process.exit(1);
}
await import(entry.href);
