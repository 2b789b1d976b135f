/**
 * @module `GET /docs`: a self-contained page (no CDN; servers often have no internet) that fetches
 * the OpenAPI document and lists every endpoint with collapsible request and response schemas.
 */

import { FAVICON_LINK } from "./favicon.js";

const STYLE = `
body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#c9d1d9}header a{color:#9ecbff}
main{max-width:1000px;margin:0 auto;padding:16px 24px}h2{margin:24px 0 8px;font-size:16px}
.op{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:6px 0}
.op>summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:baseline}
.m{font:600 12px monospace;padding:2px 6px;border-radius:4px;color:#fff;min-width:52px;text-align:center}
.GET{background:#0969da}.POST{background:#1a7f37}.PATCH{background:#9a6700}.PUT{background:#8250df}.DELETE{background:#cf222e}
.path{font-family:monospace;font-weight:600}.sum{color:#57606a}.body{padding:0 12px 12px}
details details{margin:6px 0}details details>summary{cursor:pointer;color:#0969da}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px;overflow:auto;font-size:12px;margin:4px 0}
#err{color:#cf222e}`;

// Runs in the browser. It only sets textContent, so nothing in the document is interpreted as HTML.
const SCRIPT = `
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
};
const json = (value) => el("pre", {}, JSON.stringify(value, null, 2));
const block = (title, value) => el("details", {}, el("summary", {}, title), json(value));
const resolve = (spec, value) => {
  const ref = value && value.$ref;
  if (!ref) return value;
  return ref.split("/").slice(1).reduce((node, key) => node && node[key], spec);
};
function renderOperation(spec, method, path, op) {
  const body = el("div", { class: "body" });
  if (op.parameters) body.append(block("Parameters", op.parameters));
  const request = op.requestBody && op.requestBody.content["application/json"];
  if (request) body.append(block("Request body", request.schema));
  for (const [status, raw] of Object.entries(op.responses)) {
    const response = resolve(spec, raw);
    const content = response.content && response.content["application/json"];
    const title = status + " " + response.description;
    body.append(content ? block(title, resolve(spec, content.schema)) : el("div", {}, title));
  }
  const head = el("summary", {}, el("span", { class: "m " + method.toUpperCase() }, method.toUpperCase()),
    el("span", { class: "path" }, path), el("span", { class: "sum" }, op.summary || ""));
  return el("details", { class: "op", id: op.operationId }, head, body);
}
async function main() {
  const spec = await (await fetch(SPEC_URL)).json();
  document.getElementById("version").textContent = "version " + spec.info.version;
  const byTag = new Map();
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = (op.tags && op.tags[0]) || "Other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(renderOperation(spec, method, path, op));
    }
  }
  const root = document.getElementById("ops");
  for (const [tag, ops] of byTag) root.append(el("h2", {}, tag), ...ops);
}
main().catch((error) => { document.getElementById("err").textContent = "Could not load " + SPEC_URL + ": " + error; });`;

/** The HTML of the docs page; `specUrl` is where the page fetches the OpenAPI document. */
export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Steward API</title>${FAVICON_LINK}<style>${STYLE}</style></head>
<body><header><h1>Steward API</h1><p><span id="version"></span> · every endpoint takes and returns JSON;
errors answer <code>{ "error": { "code", "message", "details" } }</code> · <a href="${specUrl}">openapi.json</a></p></header>
<main><p id="err"></p><div id="ops"></div></main>
<script>const SPEC_URL = ${JSON.stringify(specUrl)};${SCRIPT}</script></body></html>`;
}
