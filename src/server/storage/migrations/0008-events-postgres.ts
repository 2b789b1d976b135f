/**
 * @module The PostgreSQL triggers of migration 0008: the events of flow-run and task-run states and
 * of deployment, work-pool and work-queue changes, written in the transaction of the change. The
 * functions keep the schema they were made in (`set search_path from current`), whatever the
 * search path of the session that fires them.
 */
import { type Kysely, sql } from "kysely";
import {
  deploymentParts,
  type EventInsert,
  type EventSql,
  flowRunStateEvent,
  postgresEventSql,
  previousStateId,
  statusEventName,
  taskRunStateInsert,
  USER_FACING_COLUMNS,
  workPoolResource,
  workQueueParts,
} from "./0008-events-sql.js";

const FUNCTION = "language plpgsql set search_path from current";

const run = (db: Kysely<unknown>, text: string) => sql.raw(text).execute(db);

/** A trigger function running `body` (PL/pgSQL statements) and returning null (AFTER triggers). */
const fn = (db: Kysely<unknown>, name: string, body: string) =>
  run(db, `create function ${name}() returns trigger ${FUNCTION} as $$ begin ${body} return null; end $$`);

/** `(old.a, …) is distinct from (new.a, …)` over the user-facing columns of `table`. */
const changed = (table: keyof typeof USER_FACING_COLUMNS) => {
  const columns = USER_FACING_COLUMNS[table];
  return `(${columns.map((c) => `old.${c}`).join(", ")}) is distinct from (${columns.map((c) => `new.${c}`).join(", ")})`;
};

/**
 * Creates every event trigger of migration 0008 on PostgreSQL, with the SQL of `s` (migration 0014
 * passes one that stamps the actor on each event; 0008 itself the plain one).
 */
export async function createPostgresEventTriggers(
  db: Kysely<unknown>,
  s: EventSql = postgresEventSql,
): Promise<void> {
  const insert = (event: EventInsert) => `${s.insert(event)};`;
  await helpers(db);
  await runStateTriggers(db, s);
  await lifecycleTriggers(db, s, "work_pool", "work-pool", (row) => ({
    resource: workPoolResource(s, row),
    related: "'[]'::jsonb",
  }));
  await lifecycleTriggers(db, s, "work_queue", "work-queue", (row) => workQueueParts(s, row));
  await lifecycleTriggers(db, s, "deployment", "deployment", (row) => deploymentParts(s, row));
  await fn(
    db,
    "deployment_paused_event",
    insert({
      id: s.uuid("new.updated"),
      occurred: "new.updated",
      name: "case when new.paused then 'steward.deployment.paused' else 'steward.deployment.resumed' end",
      ...deploymentParts(s, "new"),
      payload: "'{}'::jsonb",
    }),
  );
  await run(
    db,
    `create trigger tr_deployment__paused_event after update of paused on deployment
     for each row when (old.paused is distinct from new.paused) execute function deployment_paused_event()`,
  );
}

async function helpers(db: Kysely<unknown>): Promise<void> {
  await run(
    db,
    `create function event_now_ms() returns bigint language sql volatile set search_path from current as $$
       select floor(extract(epoch from clock_timestamp()) * 1000)::bigint $$`,
  );
  // A random (version 4) UUID with its first 48 bits replaced by the time and its version set to 7.
  await run(
    db,
    `create function event_uuid7(ms bigint) returns uuid language sql volatile set search_path from current as $$
       select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
         placing substring(int8send(ms) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid $$`,
  );
}

/** The functions {@link createPostgresEventTriggers} creates (dropping one drops its triggers). */
export const POSTGRES_EVENT_FUNCTIONS = [
  "event_now_ms()",
  "event_uuid7(bigint)",
  "flow_run_state_moved_event()",
  "flow_run_state_inserted_event()",
  "task_run_state_event()",
  "work_pool_event()",
  "work_queue_event()",
  "deployment_event()",
  "deployment_paused_event()",
] as const;

async function runStateTriggers(db: Kysely<unknown>, s: EventSql): Promise<void> {
  const insert = (event: EventInsert) => `${s.insert(event)};`;
  // As on SQLite: the event is written when the run moves to a state written before it, or when a
  // state arrives for a run that already points at it (the scheduler's 500-run inserts, handled
  // once per statement).
  await fn(
    db,
    "flow_run_state_moved_event",
    insert(
      flowRunStateEvent(
        s,
        `from flow_run_state st join flow_run fr on fr.id = new.id
         left join flow_run_state prev on prev.id = old.state_id where st.id = new.state_id`,
      ),
    ),
  );
  await run(
    db,
    `create trigger tr_flow_run__state_event after update of state_id on flow_run
     for each row when (new.state_id is not null and new.state_id is distinct from old.state_id)
     execute function flow_run_state_moved_event()`,
  );
  await fn(
    db,
    "flow_run_state_inserted_event",
    insert(
      flowRunStateEvent(
        s,
        `from inserted_states st join flow_run fr on fr.id = st.flow_run_id and fr.state_id = st.id
         left join flow_run_state prev on prev.id = ${previousStateId("flow_run_state", "flow_run_id")}`,
      ),
    ),
  );
  await run(
    db,
    `create trigger tr_flow_run_state__event after insert on flow_run_state
     referencing new table as inserted_states for each statement execute function flow_run_state_inserted_event()`,
  );
  await fn(
    db,
    "task_run_state_event",
    `${taskRunStateInsert(
      s,
      "st",
      `from inserted_states st join task_run tr on tr.id = st.task_run_id
       left join flow_run fr on fr.id = tr.flow_run_id
       left join task_run_state prev on prev.id = ${previousStateId("task_run_state", "task_run_id")}`,
    )};`,
  );
  await run(
    db,
    `create trigger tr_task_run_state__event after insert on task_run_state
     referencing new table as inserted_states for each statement execute function task_run_state_event()`,
  );
}

/** created / deleted / status / updated events of one table, given how to describe a row. */
async function lifecycleTriggers(
  db: Kysely<unknown>,
  s: EventSql,
  table: "work_pool" | "work_queue" | "deployment",
  kind: string,
  parts: (row: "new" | "old") => { resource: string; related: string },
): Promise<void> {
  const insert = (event: EventInsert) => `${s.insert(event)};`;
  const event = (row: "new" | "old", name: string, occurred: string): EventInsert => ({
    id: s.uuid(occurred),
    occurred,
    name,
    ...parts(row),
    payload: "'{}'::jsonb",
  });
  await fn(
    db,
    `${table}_event`,
    `if tg_op = 'INSERT' then ${insert(event("new", `'steward.${kind}.created'`, "new.created"))}
     elsif tg_op = 'DELETE' then ${insert(event("old", `'steward.${kind}.deleted'`, s.now))}
     else
       if old.status is distinct from new.status then
         ${insert(event("new", statusEventName(kind, "new.status"), "new.status_updated"))}
       end if;
       if ${changed(table)} then ${insert(event("new", `'steward.${kind}.updated'`, "new.updated"))} end if;
     end if;`,
  );
  const execute = `for each row execute function ${table}_event()`;
  await run(db, `create trigger tr_${table}__created_event after insert on ${table} ${execute}`);
  await run(db, `create trigger tr_${table}__deleted_event after delete on ${table} ${execute}`);
  // Polls and heartbeats change neither: the function is not even called for them.
  await run(
    db,
    `create trigger tr_${table}__changed_event after update on ${table}
     for each row when (old.status is distinct from new.status or ${changed(table)})
     execute function ${table}_event()`,
  );
}
