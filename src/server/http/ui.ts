/**
 * @module Serves the built single-page UI (`dist/ui/`: index.html and Vite's hashed assets) for GET
 * requests outside `/api` and `/docs`. Paths that are not files get index.html, so links into the
 * app (`/runs/…`, `/work-pools/…`) can be shared and reloaded.
 */
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import type { Context, Next } from "hono";

/** Content types by file extension; anything else is sent as bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
};

const OCTET_STREAM = "application/octet-stream";

/** Vite puts a content hash in every asset's name, so an asset never changes under its URL. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** index.html (and other unhashed files) must be revalidated, or browsers keep old asset links. */
const REVALIDATE = "no-cache";

/** Paths the UI never answers: the API (its own JSON 404s) and the API docs page. */
const NOT_UI = /^\/(api|docs)(\/|$)/;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Steward UI not built</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em;color:#1f2328}code{background:#f6f8fa;padding:1px 4px;border-radius:4px}</style></head>
<body><h1>Steward</h1>
<p>The Steward UI is not built. Run <code>npm run build</code> in the steward package, or start the server with <code>--no-ui</code>.</p>
<p>The API is at <a href="/api/health">/api</a> and its reference at <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * Middleware for `GET *` that serves the UI from `uiDir`, and passes everything under `/api` and
 * `/docs` on. A path is a file of the folder (never outside it: `..` and symlinks out are refused),
 * or else, unless it names a static file type such as `.js` or `.json`, the app's index.html. When
 * the folder has no index.html yet, app paths answer 503 with a page that says how to build it.
 */
export function serveUi(uiDir: string) {
  const root = resolve(uiDir);
  return async (c: Context, next: Next): Promise<Response | void> => {
    const raw = new URL(c.req.url).pathname;
    const path = decodedPath(raw);
    if (NOT_UI.test(raw) || (path !== undefined && NOT_UI.test(path))) return next();
    if (path === undefined || path.includes("\0") || path.split("/").includes("..")) return notFound(c);
    const file = await fileInside(root, path);
    if (file !== undefined) return sendFile(c, file, path.startsWith("/assets/") ? IMMUTABLE : REVALIDATE);
    // A missing script or stylesheet must fail as one, not arrive as HTML the browser cannot run.
    if (CONTENT_TYPES[extname(path).toLowerCase()] !== undefined) return notFound(c);
    const index = await fileInside(root, "/index.html");
    if (index === undefined) return c.html(NOT_BUILT_PAGE, 503, { "cache-control": "no-store" });
    return sendFile(c, index, REVALIDATE);
  };
}

/** The path, percent-decoded; undefined when it does not decode. */
function decodedPath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** The real path of the regular file at `path` under `root`, if there is one and it stays inside. */
async function fileInside(root: string, path: string): Promise<string | undefined> {
  const candidate = resolve(root, `.${path}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  try {
    const [real, realRoot] = await Promise.all([realpath(candidate), realpath(root)]);
    if (!real.startsWith(realRoot + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

async function sendFile(c: Context, file: string, cacheControl: string): Promise<Response> {
  const size = (await stat(file)).size;
  const headers = {
    "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? OCTET_STREAM,
    "content-length": String(size),
    "cache-control": cacheControl,
    "x-content-type-options": "nosniff",
  };
  if (c.req.method === "HEAD") return c.body(null, 200, headers);
  return c.body(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, 200, headers);
}

function notFound(c: Context): Response {
  return c.text("Not found", 404, { "cache-control": "no-store" });
}
