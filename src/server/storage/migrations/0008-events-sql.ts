/**
 * @module The SQL both dialects' event triggers of migration 0008 are made of, written once with
 * the few dialect differences (JSON builders, clock, UUIDs) behind {@link EventSql}. Part of
 * migration 0008: like the migration, it must never change once shipped.
 */

/** One event an INSERT … SELECT writes; every field is an SQL expression over `from`. */
export interface EventInsert {
  readonly id: string;
  readonly occurred: string;
  readonly name: string;
  /** A JSON object: the resource's labels (with `steward.resource.id`). */
  readonly resource: string;
  /** A JSON array of related resources. */
  readonly related: string;
  readonly payload: string;
  readonly follows?: string;
  /** `from … where …` of the SELECT giving the rows (none: one row). */
  readonly from?: string;
}

/** SQL text builders of one dialect. */
export interface EventSql {
  /** Epoch milliseconds now. */
  readonly now: string;
  /** A new UUIDv7 stamped with `ms`. */
  uuid(ms: string): string;
  /** A JSON object of `pairs` (key literal → SQL expression). */
  obj(pairs: readonly (readonly [string, string])[]): string;
  /** A JSON object of `pairs` without the pairs whose value is NULL (labels are strings only). */
  labels(pairs: readonly (readonly [string, string])[]): string;
  /** A JSON array of the values (column `v`) of the SELECTs, in order; `[]` when none. */
  array(selects: readonly string[]): string;
  /** A JSON array of the text values (column `v`) of the SELECTs, in order; `[]` when none. */
  textArray(selects: readonly string[]): string;
  /** A JSON array of the given JSON values. */
  jsonArray(items: readonly string[]): string;
  /** The empty JSON array. */
  readonly emptyArray: string;
  /** A SELECT of one related resource `{id: prefix || tag, role}` per tag in the JSON array `column`. */
  tagRows(column: string): string;
  /** A SELECT of the related-resource id (`v`) of each tag in the JSON array `column`. */
  tagIdRows(column: string): string;
  /** An integer as label text. */
  text(expr: string): string;
  /** A NULL id. */
  readonly nullId: string;
  /** The INSERT of `event`. */
  insert(event: EventInsert): string;
  /**
   * Wraps a resource's labels before they are written (migration 0014 adds the actor's); the
   * builders of 0008 have none, so their SQL is unchanged.
   */
  readonly stamp?: (resource: string) => string;
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const pairsOf = (pairs: readonly (readonly [string, string])[]) =>
  pairs.map(([key, value]) => `${literal(key)}, ${value}`).join(", ");
const COLUMNS =
  "id, occurred, received, event, resource_id, resource, related, related_ids, payload, follows";

/** The inner SELECT of an insert: the event's fields as columns of `x`. */
function inner(event: EventInsert, nullId: string): string {
  return `select ${event.id} as id, ${event.occurred} as occurred, ${event.name} as event,
    ${event.resource} as resource, ${event.related} as related, ${event.payload} as payload,
    ${event.follows ?? nullId} as follows ${event.from ?? ""}`;
}

/** SQLite: JSON as text through the json1 functions; random() for the UUID bits. */
export const sqliteEventSql: EventSql = {
  now: "cast(unixepoch('subsec') * 1000 as integer)",
  uuid: (ms) =>
    `printf('%08x-%04x-7%03x-%04x-%012x', (${ms}) >> 16, (${ms}) & 65535, random() & 4095, 32768 | (random() & 16383), random() & 281474976710655)`,
  obj: (pairs) => `json_object(${pairsOf(pairs)})`,
  // A JSON merge patch drops the members that are null.
  labels: (pairs) => `json_patch('{}', json_object(${pairsOf(pairs)}))`,
  array: (selects) => `(select json_group_array(json(v)) from (${selects.join(" union all ")}))`,
  textArray: (selects) => `(select json_group_array(v) from (${selects.join(" union all ")}))`,
  jsonArray: (items) => `json_array(${items.join(", ")})`,
  emptyArray: "'[]'",
  tagRows: (column) =>
    `select json_object('steward.resource.id', 'steward.tag.' || tag.value, 'steward.resource.role', 'tag') as v from json_each(${column}) tag`,
  tagIdRows: (column) => `select 'steward.tag.' || tag.value as v from json_each(${column}) tag`,
  text: (expr) => `cast(${expr} as text)`,
  nullId: "null",
  insert: (event) => `insert into event (${COLUMNS})
    select x.id, x.occurred, ${sqliteEventSql.now}, x.event, json_extract(x.resource, '$."steward.resource.id"'),
      x.resource, x.related,
      (select json_group_array(json_extract(r.value, '$."steward.resource.id"')) from json_each(x.related) r),
      x.payload, x.follows
    from (${inner(event, "null")}) x`,
};

/** The tags of a JSON column as rows (nothing for a value that is not an array: never fail a write). */
const pgTags = (column: string) =>
  `jsonb_array_elements_text(case jsonb_typeof(${column}) when 'array' then ${column} else '[]'::jsonb end)`;

/** PostgreSQL: jsonb builders; the UUIDv7 and the clock are functions of the schema (see the triggers). */
export const postgresEventSql: EventSql = {
  now: "event_now_ms()",
  uuid: (ms) => `event_uuid7(${ms})`,
  obj: (pairs) => `jsonb_build_object(${pairsOf(pairs)})`,
  labels: (pairs) => `jsonb_strip_nulls(jsonb_build_object(${pairsOf(pairs)}))`,
  array: (selects) =>
    `(select coalesce(jsonb_agg(u.v), '[]'::jsonb) from (${selects.join(" union all ")}) u)`,
  textArray: (selects) =>
    `(select coalesce(jsonb_agg(u.v), '[]'::jsonb) from (${selects.join(" union all ")}) u)`,
  jsonArray: (items) => `jsonb_build_array(${items.join(", ")})`,
  emptyArray: "'[]'::jsonb",
  tagRows: (column) =>
    `select jsonb_build_object('steward.resource.id', 'steward.tag.' || tag, 'steward.resource.role', 'tag') as v from ${pgTags(column)} tag`,
  tagIdRows: (column) => `select 'steward.tag.' || tag as v from ${pgTags(column)} tag`,
  text: (expr) => `(${expr})::text`,
  nullId: "null::uuid",
  insert: (event) => `insert into event (${COLUMNS})
    select x.id, x.occurred, event_now_ms(), x.event, x.resource ->> 'steward.resource.id', x.resource, x.related,
      jsonb_path_query_array(x.related, '$[*]."steward.resource.id"'), x.payload, x.follows
    from (${inner(event, "null::uuid")}) x`,
};

/** `steward.<kind>.<status word>` for a READY / NOT_READY / PAUSED status expression. */
export function statusEventName(kind: string, status: string): string {
  return `'steward.${kind}.' || case ${status} when 'READY' then 'ready' when 'NOT_READY' then 'not-ready' when 'PAUSED' then 'paused' else lower(${status}) end`;
}

/** A related resource `{id, role, name}`, name left out when NULL. */
export function relatedLabels(s: EventSql, id: string, role: string, name: string): string {
  return s.labels([
    ["steward.resource.id", id],
    ["steward.resource.role", literal(role)],
    ["steward.resource.name", name],
  ]);
}

/**
 * The event of a flow-run state `s` of run `fr`, following state `p` (left-joined; NULL for a
 * first state): named after the state, with the run's labels, its flow, deployment, queue, pool
 * and tags as related resources, and Prefect's payload (intended transition, initial and
 * validated state).
 */
export function flowRunStateEvent(s: EventSql, from: string): EventInsert {
  return {
    id: "st.id",
    occurred: "st.timestamp",
    name: "'steward.flow-run.' || st.name",
    resource: s.obj([
      ["steward.resource.id", "'steward.flow-run.' || fr.id"],
      ["steward.resource.name", "fr.name"],
      ["steward.state-type", "st.type"],
      ["steward.state-name", "st.name"],
      ["steward.state-message", "coalesce(st.message, '')"],
      ["steward.run-count", s.text("fr.run_count")],
    ]),
    related: s.array([
      `select ${relatedLabels(s, "'steward.flow.' || fr.flow_id", "flow", "(select f.name from flow f where f.id = fr.flow_id)")} as v`,
      `select ${relatedLabels(s, "'steward.deployment.' || d.id", "deployment", "d.name")} as v from deployment d where d.id = fr.deployment_id`,
      `select ${relatedLabels(s, "'steward.work-queue.' || fr.work_queue_id", "work-queue", "fr.work_queue_name")} as v where fr.work_queue_id is not null`,
      `select ${relatedLabels(s, "'steward.work-pool.' || fr.work_pool_id", "work-pool", "fr.work_pool_name")} as v where fr.work_pool_id is not null`,
      s.tagRows("fr.tags"),
    ]),
    payload: statePayload(s),
    follows: "prev.id",
    from,
  };
}

/**
 * The INSERT of the event of task-run state `st` (an alias, or `new` in a row trigger) of run `tr`
 * (flow run `fr` left-joined), following `prev`: the hot path (a flow of 10,000 tasks writes
 * 30,000 of them), so it is written out rather than through {@link EventInsert}: no re-parsing of
 * the related resources for their ids, and a run without tags skips the tag subqueries.
 */
export function taskRunStateInsert(s: EventSql, st: string, from: string): string {
  const flowRun = s.obj([
    ["steward.resource.id", "'steward.flow-run.' || fr.id"],
    ["steward.resource.role", "'flow-run'"],
    ["steward.resource.name", "fr.name"],
  ]);
  const noTags = `tr.tags = ${s.emptyArray}`;
  const related = `case when ${noTags} then (case when fr.id is null then ${s.emptyArray} else ${s.jsonArray([flowRun])} end)
    else ${s.array([`select ${flowRun} as v where fr.id is not null`, s.tagRows("tr.tags")])} end`;
  const relatedIds = `case when ${noTags} then (case when fr.id is null then ${s.emptyArray} else ${s.jsonArray(["'steward.flow-run.' || fr.id"])} end)
    else ${s.textArray([`select 'steward.flow-run.' || fr.id as v where fr.id is not null`, s.tagIdRows("tr.tags")])} end`;
  const labels = s.obj([
    ["steward.resource.id", "'steward.task-run.' || tr.id"],
    ["steward.resource.name", "tr.name"],
    ["steward.state-type", `${st}.type`],
    ["steward.state-name", `${st}.name`],
    ["steward.state-message", `coalesce(${st}.message, '')`],
  ]);
  const resource = s.stamp === undefined ? labels : s.stamp(labels);
  return `insert into event (${COLUMNS})
    select ${st}.id, ${st}.timestamp, ${s.now}, 'steward.task-run.' || ${st}.name, 'steward.task-run.' || tr.id,
      ${resource}, ${related}, ${relatedIds}, ${statePayload(s, st)}, prev.id
    ${from}`;
}

function statePayload(s: EventSql, st = "st"): string {
  return s.obj([
    [
      "intended",
      s.obj([
        ["from", "prev.type"],
        ["to", `${st}.type`],
      ]),
    ],
    [
      "initial_state",
      `case when prev.id is null then null else ${s.obj([
        ["type", "prev.type"],
        ["name", "prev.name"],
      ])} end`,
    ],
    [
      "validated_state",
      s.obj([
        ["type", `${st}.type`],
        ["name", `${st}.name`],
        ["message", `${st}.message`],
      ]),
    ],
  ]);
}

/**
 * The state of the same run just before `st` in the history: the latest other state not newer
 * than it, found in the (run, timestamp) index. Two states of one millisecond (task runs only:
 * flow-run states are at least 1 ms apart) follow each other in either order.
 */
export function previousStateId(table: string, runColumn: string, st = "st"): string {
  return `(select q.id from ${table} q where q.${runColumn} = ${st}.${runColumn} and q.timestamp <= ${st}.timestamp
    and q.id <> ${st}.id order by q.timestamp desc limit 1)`;
}

/** A work pool's labels: id, name and type. */
export function workPoolResource(s: EventSql, row: string): string {
  return s.obj([
    ["steward.resource.id", `'steward.work-pool.' || ${row}.id`],
    ["steward.resource.name", `${row}.name`],
    ["steward.work-pool.type", `${row}.type`],
  ]);
}

/** A work queue's labels and its pool (left out of the name when the pool is gone: a cascade). */
export function workQueueParts(s: EventSql, row: string): { resource: string; related: string } {
  return {
    resource: s.obj([
      ["steward.resource.id", `'steward.work-queue.' || ${row}.id`],
      ["steward.resource.name", `${row}.name`],
    ]),
    related: s.array([
      `select ${relatedLabels(s, `'steward.work-pool.' || ${row}.work_pool_id`, "work-pool", `(select wp.name from work_pool wp where wp.id = ${row}.work_pool_id)`)} as v`,
    ]),
  };
}

/** A deployment's labels, and its flow, queue and pool as related resources. */
export function deploymentParts(s: EventSql, row: string): { resource: string; related: string } {
  return {
    resource: s.obj([
      ["steward.resource.id", `'steward.deployment.' || ${row}.id`],
      ["steward.resource.name", `${row}.name`],
    ]),
    related: s.array([
      `select ${relatedLabels(s, `'steward.flow.' || ${row}.flow_id`, "flow", `(select f.name from flow f where f.id = ${row}.flow_id)`)} as v`,
      `select ${relatedLabels(s, `'steward.work-queue.' || ${row}.work_queue_id`, "work-queue", `${row}.work_queue_name`)} as v where ${row}.work_queue_id is not null`,
      `select ${relatedLabels(s, "'steward.work-pool.' || wp.id", "work-pool", "wp.name")} as v from work_pool wp where wp.name = ${row}.work_pool_name`,
    ]),
  };
}

/** The columns whose change is an `updated` event (not polls, heartbeats, statuses or pauses). */
export const USER_FACING_COLUMNS = {
  work_pool: ["name", "type", "description", "concurrency_limit", "base_job_template"],
  work_queue: ["name", "description", "concurrency_limit", "priority"],
  deployment: [
    "name",
    "version",
    "description",
    "entrypoint",
    "parameters",
    "parameter_openapi_schema",
    "enforce_parameter_schema",
    "job_variables",
    "work_queue_id",
    "work_queue_name",
    "work_pool_name",
    "concurrency_limit",
    "concurrency_options",
    "tags",
    "labels",
    "pull_steps",
    "catchup_policy",
  ],
} as const;
