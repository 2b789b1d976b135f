import type { Db } from "../database.js";

/** What identifies a task run within its flow run (the unique index on task_run). */
export interface TaskRunKey {
  readonly flow_run_id?: string | null;
  readonly task_key: string;
  readonly dynamic_key: string;
}

/** The id of the task run stored under `key`, if any; task runs without a flow run have no key. */
export async function findTaskRunIdByKey(trx: Db, key: TaskRunKey): Promise<string | undefined> {
  if (key.flow_run_id == null) return undefined;
  const row = await trx
    .selectFrom("task_run")
    .select("id")
    .where("flow_run_id", "=", key.flow_run_id)
    .where("task_key", "=", key.task_key)
    .where("dynamic_key", "=", key.dynamic_key)
    .executeTakeFirst();
  return row?.id;
}
