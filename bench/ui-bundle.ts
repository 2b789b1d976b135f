/**
 * UI bundle: what a browser downloads from `steward server start`, file by file.
 *
 *   npm run bench:ui-bundle
 *
 * Builds the UI for production into a temporary folder first (dist/ui may hold a test build, made
 * with NODE_ENV=test, and files of earlier in-place builds), then measures that.
 * Prints each file's size as served (the server sends files as they are) and gzipped (behind a
 * compressing proxy), the entry (index.html with the scripts and styles it loads at once) and the
 * total. Compare the figures before and after a change to the UI's structure: code splitting keeps
 * the entry small, and a page's own code arrives when it is first visited.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const root = mkdtempSync(join(tmpdir(), "steward-ui-bundle-"));
process.on("exit", () => rmSync(root, { recursive: true, force: true }));
execFileSync(
  process.execPath,
  [
    "node_modules/vite/bin/vite.js",
    "build",
    "--config",
    "ui/vite.config.ts",
    "--outDir",
    root,
    "--emptyOutDir",
    "--logLevel",
    "error",
  ],
  { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const all = files(root).sort();

const sizes = all.map((path) => {
  const bytes = readFileSync(path);
  return { file: relative(root, path), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const html = readFileSync(join(root, "index.html"), "utf8");
const entryFiles = new Set([
  "index.html",
  ...[...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]),
]);

const kb = (n: number) => (n / 1024).toFixed(1).padStart(8);
const sum = (rows: typeof sizes) =>
  rows.reduce((total, row) => ({ raw: total.raw + row.raw, gzip: total.gzip + row.gzip }), {
    raw: 0,
    gzip: 0,
  });

console.log(`${"file".padEnd(48)} ${"KiB".padStart(8)} ${"gzip KiB".padStart(8)}`);
for (const row of [...sizes].sort((a, b) => b.raw - a.raw)) {
  console.log(`${row.file.padEnd(48)} ${kb(row.raw)} ${kb(row.gzip)}`);
}
const entry = sum(sizes.filter((row) => entryFiles.has(row.file)));
const total = sum(sizes);
console.log("");
console.log(
  `${"entry (loaded on the first page)".padEnd(48)} ${kb(entry.raw)} ${kb(entry.gzip)}   ${entry.raw} bytes`,
);
console.log(
  `${`total (${sizes.length} files)`.padEnd(48)} ${kb(total.raw)} ${kb(total.gzip)}   ${total.raw} bytes`,
);
