/**
 * @module The corpus: every request the fuzz once found a 5xx or a hang with, kept in
 * `corpus.json` and replayed on both backends as a regression test. Entries may name seeded objects
 * (`$flowId`, `$poolName`, … any key of {@link Known}) in their path, query and body, and spell
 * huge strings as `{"$repeat": ["x", 60000]}` so the file stays small. An entry goes with the
 * bootstrap admin key unless its request names another credential (`"auth": {"kind": "none"}`,
 * `{"kind": "key", "role": "viewer"}`, …: see fuzz-auth.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FuzzBody, FuzzRequest } from "./fuzz-request.js";
import type { Known } from "./seed.js";

/** One corpus entry as stored. */
export interface CorpusEntry {
  /** What the input is and what it used to do (`500: SQLite LIKE pattern too complex`). */
  readonly what: string;
  /** The status the server answers now. */
  readonly status: number;
  readonly request: FuzzRequest;
}

/** The stored entries. */
export function readCorpus(): CorpusEntry[] {
  return JSON.parse(readFileSync(join(import.meta.dirname, "corpus.json"), "utf8")) as CorpusEntry[];
}

/** The entry's request with placeholders filled in from the seeded objects. */
export function materialize(request: FuzzRequest, known: Known): FuzzRequest {
  const fill = (text: string) =>
    text.replace(/\$(\w+)/g, (match, key: string) => known[key as keyof Known] ?? match);
  return {
    ...request,
    path: fill(request.path),
    query: fill(request.query),
    headers: request.headers ?? {},
    body: materializeBody(request.body ?? { kind: "none" }, fill),
  };
}

function materializeBody(body: FuzzBody, fill: (text: string) => string): FuzzBody {
  if (body.kind === "none") return body;
  if (body.kind === "text") return { kind: "text", text: fill(body.text) };
  return { kind: "json", value: expand(body.value, fill) };
}

function expand(value: unknown, fill: (text: string) => string): unknown {
  if (typeof value === "string") return fill(value);
  if (Array.isArray(value)) return value.map((item) => expand(item, fill));
  if (value === null || typeof value !== "object") return value;
  const repeat = (value as { $repeat?: unknown }).$repeat;
  if (Array.isArray(repeat) && typeof repeat[0] === "string" && typeof repeat[1] === "number") {
    return repeat[0].repeat(repeat[1]);
  }
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, expand(field, fill)]));
}
