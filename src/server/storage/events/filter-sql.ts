/**
 * @module {@link EventFilter} as SQL conditions on the `event` table, for both dialects. Names,
 * ids and label values may hold `*` wildcards; everything else in them is taken literally (on
 * PostgreSQL LIKE's `%`, `_` and `\` are escaped; on SQLite the pattern is a case-sensitive GLOB
 * whose `?` and `[` are escaped), so both dialects match the same, case-sensitively. Prefixes
 * (Prefect's `prefix`, `exclude_prefix`) are literal throughout, `*` included.
 */
import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { EventFilter } from "../../../api/index.js";
import { msFromIso } from "../codec.js";
import type { Condition } from "../query/filters.js";

type Dialect = "sqlite" | "postgres";

const NEVER = sql<SqlBool>`1 = 0`;

function any(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return NEVER;
  if (conditions.length === 1) return conditions[0] ?? NEVER;
  return sql<SqlBool>`(${sql.join(conditions, sql` or `)})`;
}

/** A `*` pattern as a LIKE pattern (escape `\`). */
export function likePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replaceAll("*", "%");
}

/** A `*` pattern as a GLOB pattern: `?` and `[` become one-character classes. */
export function globPattern(pattern: string): string {
  return pattern.replace(/[?[]/g, (c) => `[${c}]`);
}

/** A literal prefix as a LIKE pattern: `\`, `%` and `_` escaped, then `%`. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A literal prefix as a GLOB pattern: `*`, `?` and `[` become one-character classes, then `*`. */
export function globPrefix(prefix: string): string {
  return `${prefix.replace(/[*?[]/g, (c) => `[${c}]`)}*`;
}

/** `expr` starts with one of `prefixes`, taken literally and case-sensitively. */
export function startsWithAny(
  dialect: Dialect,
  expr: RawBuilder<unknown>,
  prefixes: readonly string[],
): Condition {
  return any(
    prefixes.map((prefix) =>
      dialect === "postgres"
        ? sql<SqlBool>`${expr} like ${likePrefix(prefix)} escape '\\'`
        : sql<SqlBool>`${expr} glob ${globPrefix(prefix)}`,
    ),
  );
}

/** `expr` equals one of the values, or matches one of the patterns among them. */
export function matches(dialect: Dialect, expr: RawBuilder<unknown>, values: readonly string[]): Condition {
  const exact = values.filter((v) => !v.includes("*"));
  const patterns = values.filter((v) => v.includes("*"));
  const out: Condition[] = [];
  if (exact.length === 1) out.push(sql<SqlBool>`${expr} = ${exact[0]}`);
  else if (exact.length > 1) out.push(sql<SqlBool>`${expr} in (${sql.join(exact)})`);
  for (const pattern of patterns) {
    out.push(
      dialect === "postgres"
        ? sql<SqlBool>`${expr} like ${likePattern(pattern)} escape '\\'`
        : sql<SqlBool>`${expr} glob ${globPattern(pattern)}`,
    );
  }
  return any(out);
}

/** The value of label `key` of the JSON object `column` (a row alias's column or a json_each value). */
function label(dialect: Dialect, column: RawBuilder<unknown>, key: string): RawBuilder<unknown> {
  if (dialect === "postgres") return sql`(${column} ->> ${key})`;
  // SQLite's JSON paths cannot quote a key holding a double quote; such keys are looked up.
  if (key.includes('"')) return sql`(select l.value from json_each(${column}) l where l.key = ${key})`;
  return sql`json_extract(${column}, ${`$."${key}"`})`;
}

/** Some related resource of the event has an id matching `ids` (when given) and a role in `roles`. */
function relatedMatches(
  dialect: Dialect,
  ids: readonly string[] | undefined,
  roles: readonly string[] | undefined,
) {
  if (roles === undefined && ids !== undefined) return relatedIdMatches(dialect, ids);
  const value = dialect === "postgres" ? sql`r` : sql`r.value`;
  const parts: Condition[] = [];
  if (ids !== undefined) parts.push(matches(dialect, label(dialect, value, "steward.resource.id"), ids));
  if (roles !== undefined)
    parts.push(matches(dialect, label(dialect, value, "steward.resource.role"), roles));
  const where = sql.join(parts, sql` and `);
  return dialect === "postgres"
    ? sql<SqlBool>`exists (select 1 from jsonb_array_elements(event.related) r where ${where})`
    : sql<SqlBool>`exists (select 1 from json_each(event.related) r where ${where})`;
}

/** Some related resource's id matches: through `related_ids` (PostgreSQL: its GIN index for exact ids). */
function relatedIdMatches(dialect: Dialect, ids: readonly string[]): Condition {
  if (dialect === "postgres") {
    const exact = ids
      .filter((id) => !id.includes("*"))
      .map((id) => sql<SqlBool>`event.related_ids @> ${JSON.stringify([id])}::jsonb`);
    const patterns = ids.filter((id) => id.includes("*"));
    const wild =
      patterns.length === 0
        ? []
        : [
            sql<SqlBool>`exists (select 1 from jsonb_array_elements_text(event.related_ids) r where ${matches(dialect, sql`r`, patterns)})`,
          ];
    return any([...exact, ...wild]);
  }
  return sql<SqlBool>`exists (select 1 from json_each(event.related_ids) r where ${matches(dialect, sql`r.value`, ids)})`;
}

/** The conditions of the `event` part: names and patterns, and Prefect's literal prefixes. */
function nameConditions(dialect: Dialect, part: EventFilter["event"]): Condition[] {
  const out: Condition[] = [];
  const event = sql`event.event`;
  if (part?.name !== undefined) out.push(matches(dialect, event, part.name));
  if (part?.exclude_name !== undefined && part.exclude_name.length > 0) {
    out.push(sql<SqlBool>`not ${matches(dialect, event, part.exclude_name)}`);
  }
  if (part?.prefix !== undefined) out.push(startsWithAny(dialect, event, part.prefix));
  if (part?.exclude_prefix !== undefined && part.exclude_prefix.length > 0) {
    out.push(sql<SqlBool>`not ${startsWithAny(dialect, event, part.exclude_prefix)}`);
  }
  return out;
}

/** The conditions of `filter`, to AND together. */
export function eventConditions(dialect: Dialect, filter: EventFilter): Condition[] {
  const out: Condition[] = [];
  if (filter.occurred?.since !== undefined)
    out.push(sql<SqlBool>`event.occurred >= ${msFromIso(filter.occurred.since)}`);
  if (filter.occurred?.until !== undefined)
    out.push(sql<SqlBool>`event.occurred <= ${msFromIso(filter.occurred.until)}`);
  out.push(...nameConditions(dialect, filter.event));
  if (filter.resource?.id !== undefined)
    out.push(matches(dialect, sql`event.resource_id`, filter.resource.id));
  for (const [key, wanted] of Object.entries(filter.resource?.labels ?? {})) {
    const values = typeof wanted === "string" ? [wanted] : wanted;
    out.push(matches(dialect, label(dialect, sql`event.resource`, key), values));
  }
  if (filter.related?.id !== undefined || filter.related?.role !== undefined) {
    out.push(relatedMatches(dialect, filter.related.id, filter.related.role));
  }
  if (filter.any_resource !== undefined) {
    const ids = filter.any_resource.id;
    out.push(any([matches(dialect, sql`event.resource_id`, ids), relatedIdMatches(dialect, ids)]));
  }
  if (filter.id !== undefined) {
    out.push(filter.id.length === 0 ? NEVER : sql<SqlBool>`event.id in (${sql.join(filter.id)})`);
  }
  return out;
}
