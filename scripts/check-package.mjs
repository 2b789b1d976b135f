// Checks the npm package as users get it (`npm run check:package`, run by .ci/run after the build):
// packs it as `npm publish` would (from the dist/ already built), then
//   - it has a LICENSE and a README, and no source map that points at a file it does not ship;
//   - its types resolve for TypeScript under node10, node16 (from CommonJS and from ESM) and bundler
//     resolution (@arethetypeswrong/cli);
// and prints its size.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "steward-pack-"));
try {
  // --ignore-scripts: pack the dist/ that is built, without rebuilding it under running tests.
  const [pack] = JSON.parse(
    execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
      encoding: "utf8",
    }),
  );
  const files = new Set(pack.files.map((file) => file.path));
  const problems = [];
  for (const required of ["LICENSE", "README.md", "package.json", "dist/index.js", "dist/cjs/index.js"]) {
    if (!files.has(required)) problems.push(`${required} is missing from the package`);
  }
  const maps = [...files].filter((path) => path.endsWith(".map"));
  if (maps.length > 0) {
    problems.push(
      `${maps.length} source maps are shipped (e.g. ${maps[0]}); they point at src/, which is not`,
    );
  }
  const tarball = join(dir, pack.filename);
  try {
    execFileSync(join("node_modules", ".bin", "attw"), [tarball, "--format", "table-flipped"], {
      stdio: "inherit",
    });
  } catch {
    problems.push("@arethetypeswrong/cli found problems with the package's types (above)");
  }
  const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  console.log(
    `${pack.name}@${pack.version}: ${pack.entryCount} files, ${mib(pack.size)} packed, ${mib(pack.unpackedSize)} unpacked`,
  );
  if (problems.length > 0) {
    console.error(problems.map((problem) => `- ${problem}`).join("\n"));
    process.exit(1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
