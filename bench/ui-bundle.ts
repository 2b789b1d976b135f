/**
 * UI bundle: what a browser downloads from `steward server start`, file by file, as built in dist/ui.
 *
 *   npm run build && npm run bench:ui-bundle
 *
 * Prints each file's size as served (the server sends files as they are) and gzipped (behind a
 * compressing proxy), the entry (index.html with the scripts and styles it loads at once) and the
 * total. Compare the figures before and after a change to the UI's structure: code splitting keeps
 * the entry small, and a page's own code arrives when it is first visited.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const root = "dist/ui";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let all: string[];
try {
  all = files(root).sort();
} catch {
  console.error(`${root} is missing: run \`npm run build\` first.`);
  process.exit(1);
}

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
