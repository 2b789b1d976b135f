// The layering of docs/architecture.md, checked on every `npm run lint` (`npm run lint:deps`).
// Imports point one way:   core ← api ← client ← (sdk, engine, worker, runner, cli, ui)
//                          server ← (core, api, config)
// `import type` counts: a type-only import ties two modules together just as much in review.
// Every rule's comment is what a failing lint prints, so it says what is wrong and what to do.

/** A folder of src/, as a path pattern. */
const src = (folder) => `^src/${folder}/`;
/** Any of these folders of src/. */
const anyOf = (...folders) => `^src/(${folders.join("|")})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "These files import each other, directly or through others (a type-only import counts). " +
        "Give the thing they share one owner: move it into a module that both import and that imports neither.",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-is-pure",
      severity: "error",
      comment:
        "src/core is the pure domain (states, rules, schedules math, templating, errors): it imports no other " +
        "folder of Steward. Move what it needs into core, or move this code out of core.",
      from: { path: src("core") },
      to: { path: "^(src|ui)/", pathNot: src("core") },
    },
    {
      name: "core-does-no-io",
      severity: "error",
      comment:
        "src/core does no I/O: it imports none of Node's built-in modules (files, network, processes). " +
        "Do the I/O in the layer that calls core and pass core the values.",
      from: { path: src("core") },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "api-only-core",
      severity: "error",
      comment:
        "src/api is the wire contract (zod schemas and the route table): it imports only src/core, so the " +
        "server, the client and the UI can all share it.",
      from: { path: src("api") },
      to: { path: "^(src|ui)/", pathNot: anyOf("api", "core") },
    },
    {
      name: "client-only-api-core",
      severity: "error",
      comment:
        "src/client is the typed HTTP client over src/api: it imports only src/api and src/core, never the code " +
        "that uses it (sdk, engine, worker, cli, ui) nor the server.",
      from: { path: src("client") },
      to: { path: "^(src|ui)/", pathNot: anyOf("client", "api", "core") },
    },
    {
      name: "config-only-core",
      severity: "error",
      comment:
        "src/config resolves settings once (env vars, profiles): it imports only src/core, so every process " +
        "(server, worker, flow run, CLI) can read settings without loading the others.",
      from: { path: src("config") },
      to: { path: "^(src|ui)/", pathNot: anyOf("config", "core") },
    },
    {
      name: "server-not-clients",
      severity: "error",
      comment:
        "The server depends on src/core, src/api and src/config only: it never imports the SDK, the client, " +
        "a worker, the engine, the runner, the CLI or the UI (they call the server over HTTP).",
      from: { path: src("server") },
      to: { path: "^(src|ui)/", pathNot: anyOf("server", "api", "core", "config") },
    },
    {
      name: "nothing-imports-server",
      severity: "error",
      comment:
        "Only src/server itself and the CLI's `server start` command import src/server: workers, the engine, " +
        "the SDK and the UI reach it over HTTP through src/client, never by importing it.",
      from: { path: "^(src|ui)/", pathNot: `${anyOf("server", "cli")}|^src/index\\.ts$` },
      to: { path: src("server") },
    },
    {
      name: "nothing-imports-cli",
      severity: "error",
      comment:
        "src/cli is the outermost layer (the `steward` command): nothing else imports it. Move what the " +
        "other module needs out of the CLI into the layer it belongs to.",
      from: { path: "^(src|ui)/", pathNot: src("cli") },
      to: { path: src("cli") },
    },
    {
      name: "worker-engine-not-sdk",
      severity: "error",
      comment:
        "Workers and the runner start flow runs in their own infrastructure; they never import the SDK or the " +
        "engine that runs inside it (the engine runs in the child process).",
      from: { path: anyOf("worker", "runner") },
      to: { path: anyOf("sdk", "engine") },
    },
    {
      name: "sdk-not-outer-layers",
      severity: "error",
      comment:
        "src/sdk is what user code imports: it may use src/client, src/api, src/core, src/config and the " +
        "runner (for serve()), never the engine, a worker's internals beyond the runner, or the UI.",
      from: { path: src("sdk") },
      to: {
        path: "^(src|ui)/",
        pathNot: anyOf("sdk", "client", "api", "core", "config", "runner", "worker"),
      },
    },
    {
      name: "ui-only-api-client-core",
      severity: "error",
      comment:
        "The UI is a browser app: besides its own files it imports only src/api, src/client and src/core, " +
        "never code that needs Node.js (server, config, sdk, engine, worker, cli).",
      from: { path: "^ui/" },
      to: { path: "^src/", pathNot: anyOf("api", "client", "core") },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)node_modules/|^dist/" },
    // Type-only imports are dependencies too (they are the ones that let circles grow unseen).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs"],
    },
    reporterOptions: {
      dot: {
        collapsePattern: "^(src|ui)/[^/]+|^node_modules/[^/]+",
      },
      archi: {
        collapsePattern: "^src/[^/]+|^ui/src|^node_modules/[^/]+",
      },
    },
  },
};
