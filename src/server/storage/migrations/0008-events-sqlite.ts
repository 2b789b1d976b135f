/**
 * @module The SQLite triggers of migration 0008: the events of flow-run and task-run states and
 * of deployment, work-pool and work-queue changes, written in the transaction of the change.
 */
import { type Kysely, sql } from "kysely";
import {
  deploymentParts,
  type EventInsert,
  flowRunStateEvent,
  type EventSql,
  previousStateId,
  sqliteEventSql,
  statusEventName,
  taskRunStateInsert,
  USER_FACING_COLUMNS,
  workPoolResource,
  workQueueParts,
} from "./0008-events-sql.js";

/** A trigger `name` that fires `on` … and writes one event. */
const trigger = (db: Kysely<unknown>, s: EventSql, name: string, on: string, event: EventInsert) =>
  sql.raw(`create trigger ${name} ${on} begin ${s.insert(event)}; end`).execute(db);

/** `old.a is not new.a or …` over the user-facing columns of `table`. */
const changed = (table: keyof typeof USER_FACING_COLUMNS) =>
  USER_FACING_COLUMNS[table].map((column) => `old.${column} is not new.${column}`).join(" or ");

/**
 * Creates every event trigger of migration 0008 on SQLite, with the SQL of `s` (migration 0014
 * passes one that stamps the actor on each event; 0008 itself the plain one).
 */
export async function createSqliteEventTriggers(
  db: Kysely<unknown>,
  s: EventSql = sqliteEventSql,
): Promise<void> {
  await runStateTriggers(db, s);
  await workPoolTriggers(db, s);
  await workQueueTriggers(db, s);
  await deploymentTriggers(db, s);
}

/** The names of the triggers {@link createSqliteEventTriggers} creates. */
export const SQLITE_EVENT_TRIGGERS = [
  "tr_flow_run__state_event",
  "tr_flow_run_state__event",
  "tr_task_run_state__event",
  ...["work_pool", "work_queue", "deployment"].flatMap((table) =>
    ["created", "deleted", "status", "updated"].map((what) => `tr_${table}__${what}_event`),
  ),
  "tr_deployment__paused_event",
] as const;

async function runStateTriggers(db: Kysely<unknown>, s: EventSql): Promise<void> {
  // Most paths write the state row first and then point the run at it: the event is written when
  // the run moves (its new run count and previous state known). A run written already pointing at
  // its state (the scheduler's bulk insert) gets the event when the state row arrives.
  await trigger(
    db,
    s,
    "tr_flow_run__state_event",
    "after update of state_id on flow_run when new.state_id is not null and new.state_id is not old.state_id",
    flowRunStateEvent(
      s,
      `from flow_run_state st join flow_run fr on fr.id = new.id
       left join flow_run_state prev on prev.id = old.state_id where st.id = new.state_id`,
    ),
  );
  await trigger(
    db,
    s,
    "tr_flow_run_state__event",
    "after insert on flow_run_state when (select state_id from flow_run where id = new.flow_run_id) = new.id",
    flowRunStateEvent(
      s,
      `from flow_run_state st join flow_run fr on fr.id = st.flow_run_id
       left join flow_run_state prev on prev.id = ${previousStateId("flow_run_state", "flow_run_id")}
       where st.id = new.id`,
    ),
  );
  // Task runs: batches record several states of a run at once, so every state row is an event.
  await sql
    .raw(
      `create trigger tr_task_run_state__event after insert on task_run_state begin ${taskRunStateInsert(
        s,
        "new",
        `from task_run tr left join flow_run fr on fr.id = tr.flow_run_id
         left join task_run_state prev on prev.id = ${previousStateId("task_run_state", "task_run_id", "new")}
         where tr.id = new.task_run_id`,
      )}; end`,
    )
    .execute(db);
}

/** created / deleted / status / updated triggers of one table, given how to describe a row. */
async function lifecycleTriggers(
  db: Kysely<unknown>,
  s: EventSql,
  table: "work_pool" | "work_queue" | "deployment",
  kind: string,
  parts: (row: "new" | "old") => { resource: string; related: string },
): Promise<void> {
  const event = (row: "new" | "old", name: string, occurred: string): EventInsert => ({
    id: s.uuid(occurred),
    occurred,
    name,
    ...parts(row),
    payload: "'{}'",
  });
  await trigger(
    db,
    s,
    `tr_${table}__created_event`,
    `after insert on ${table}`,
    event("new", `'steward.${kind}.created'`, "new.created"),
  );
  await trigger(
    db,
    s,
    `tr_${table}__deleted_event`,
    `after delete on ${table}`,
    event("old", `'steward.${kind}.deleted'`, s.now),
  );
  await trigger(
    db,
    s,
    `tr_${table}__status_event`,
    `after update of status on ${table} when old.status is not new.status`,
    event("new", statusEventName(kind, "new.status"), "new.status_updated"),
  );
  await trigger(
    db,
    s,
    `tr_${table}__updated_event`,
    `after update on ${table} when ${changed(table)}`,
    event("new", `'steward.${kind}.updated'`, "new.updated"),
  );
}

async function workPoolTriggers(db: Kysely<unknown>, s: EventSql): Promise<void> {
  await lifecycleTriggers(db, s, "work_pool", "work-pool", (row) => ({
    resource: workPoolResource(s, row),
    related: "'[]'",
  }));
}

async function workQueueTriggers(db: Kysely<unknown>, s: EventSql): Promise<void> {
  await lifecycleTriggers(db, s, "work_queue", "work-queue", (row) => workQueueParts(s, row));
}

async function deploymentTriggers(db: Kysely<unknown>, s: EventSql): Promise<void> {
  await lifecycleTriggers(db, s, "deployment", "deployment", (row) => deploymentParts(s, row));
  const parts = deploymentParts(s, "new");
  await trigger(
    db,
    s,
    "tr_deployment__paused_event",
    "after update of paused on deployment when old.paused is not new.paused",
    {
      id: s.uuid("new.updated"),
      occurred: "new.updated",
      name: "case when new.paused then 'steward.deployment.paused' else 'steward.deployment.resumed' end",
      ...parts,
      payload: "'{}'",
    },
  );
}
