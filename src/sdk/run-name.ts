/**
 * Run names from user templates: `"etl-{date}"` fills `{date}` from the flow's parameters (or a
 * task's arguments); dotted paths reach into objects (`{user.name}`).
 */

const PLACEHOLDER = /\{([A-Za-z_$][\w$]*(?:\.[\w$]+)*|\d+)\}/g;

/**
 * Fills each `{key}` of `template` with `lookup(key)`. Throws a TypeError naming the unknown keys
 * and the known ones when a key has no value.
 *
 * @example
 * renderRunName("etl-{date}", { date: "2024-01-01" }, "flow run name"); // "etl-2024-01-01"
 */
export function renderRunName(
  template: string,
  values: Readonly<Record<string, unknown>>,
  what: string,
): string {
  const missing: string[] = [];
  const name = template.replace(PLACEHOLDER, (whole, key: string) => {
    const value = lookupPath(values, key);
    if (value === undefined) {
      missing.push(key);
      return whole;
    }
    return typeof value === "string" ? value : stringify(value);
  });
  if (missing.length > 0) {
    const known = Object.keys(values);
    throw new TypeError(
      `The ${what} template ${JSON.stringify(template)} uses ${missing.map((k) => `{${k}}`).join(", ")}, which ${missing.length === 1 ? "has" : "have"} no value. Known: ${known.length ? known.join(", ") : "(none)"}.`,
    );
  }
  return name;
}

function lookupPath(values: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = values;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function stringify(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The parameter names of a function as written in its source (`(url, limit = 10) => …` gives
 * `["url", "limit"]`). Destructured parameters give `undefined` in their slot. Best effort: used
 * only to let task-run name templates say `{url}` instead of `{0}`.
 */
export function parameterNames(fn: (...args: never[]) => unknown): (string | undefined)[] {
  const source = Function.prototype.toString.call(fn);
  const list = parameterListSource(source);
  if (list === undefined) return [];
  return splitTopLevel(list)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => /^(?:\.\.\.)?([A-Za-z_$][\w$]*)\s*(?:[=:].*)?$/s.exec(part)?.[1]);
}

function parameterListSource(source: string): string | undefined {
  const arrow = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (arrow) return arrow[1];
  const open = source.indexOf("(");
  if (open < 0) return undefined;
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      depth--;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  return undefined;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}

/**
 * The values a task-run name template can use: arguments by position (`{0}`), by parameter name
 * (`{url}`), and the properties of a single object argument (`{name}` for `task(({ name }) => …)`).
 */
export function taskTemplateValues(
  names: readonly (string | undefined)[],
  args: readonly unknown[],
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const first = args[0];
  if (args.length === 1 && first !== null && typeof first === "object" && !Array.isArray(first)) {
    Object.assign(values, first);
  }
  args.forEach((arg, index) => {
    values[String(index)] = arg;
    const name = names[index];
    if (name) values[name] = arg;
  });
  return values;
}
