// The CommonJS entry of the package, written into dist/cjs/ after the TypeScript build.
//
// Steward is ES modules. `require("steward")` (and `import` in a TypeScript file of a CommonJS
// project, which compiles to require) gets dist/cjs/index.js, which loads the same ES modules
// through require(esm) (Node 20.19+, 22.12+), so both kinds of project share one copy of the SDK.
// TypeScript needs declarations of the same kind as that file: under node16 resolution a CommonJS
// declaration may not re-export an ES module one. So the declarations the package entry reaches
// are copied into dist/cjs/, whose package.json makes them CommonJS.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Every declaration file `entry` reaches through relative imports and `import("…")` types. */
function reachableDeclarations(entry) {
  const seen = new Set();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:from\s+|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = resolve(dirname(file), match[1].replace(/\.js$/, ".d.ts"));
      if (!existsSync(target)) throw new Error(`${file} imports ${match[1]}, which has no declaration file`);
      pending.push(target);
    }
  }
  return [...seen];
}

/** Writes dist/cjs/: package.json, index.js and the declarations of the public entry. */
export function writeCommonJsEntry(dist = "dist") {
  const out = join(dist, "cjs");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "package.json"), '{ "type": "commonjs" }\n');
  writeFileSync(
    join(out, "index.js"),
    '"use strict";\n// CommonJS entry: the package is ES modules, loaded through require(esm).\nmodule.exports = require("../index.js");\n',
  );
  for (const file of reachableDeclarations(join(dist, "index.d.ts"))) {
    const target = join(out, relative(resolve(dist), file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
}
