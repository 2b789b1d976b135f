import { type SqlBool, sql } from "kysely";
import { newId } from "../../../core/ids.js";
import type {
  BaseJobTemplate,
  WorkPool,
  WorkPoolCreate,
  WorkPoolQuery,
  WorkPoolUpdate,
} from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { formatIssues, validateBaseJobTemplate } from "../../../core/json-schema.js";
import { defaultBaseJobTemplate } from "../../../core/worker-types.js";
import { toJson, toStoredBoolean } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { Db, ReadinessStatus, WorkPoolTable } from "../database.js";
import { workPoolFromRow } from "../mappers/work-pool.js";
import { MISSED_HEARTBEATS_OFFLINE } from "../mappers/worker.js";
import { and, type Condition } from "../query/filters.js";
import { POOL_ACTIVE_SLOTS } from "../runs/claim-sql.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";
import { insertDefaultQueue } from "./work-queues.js";

/** Work pools: create (with the `default` queue), read, update, delete, filter, count. */
export function createWorkPoolRepo(ctx: StoreContext): Store["workPools"] {
  const { db } = ctx;
  return {
    async create(input) {
      // Checked before the transaction: a bad type or template never takes the write lock. The
      // type is checked even when a template is given (UNKNOWN_WORKER_TYPE lists the known ones).
      const fallback = defaultBaseJobTemplate(input.type);
      const template = checkedTemplate(input.base_job_template ?? fallback);
      return db.transaction().execute((trx) => insertPool(ctx, trx, input, template));
    },

    async read(name) {
      const row = await selectPoolRows(db).where("work_pool.name", "=", name).executeTakeFirst();
      return row && workPoolFromRow(row);
    },

    async update(name, patch) {
      const template = patch.base_job_template && checkedTemplate(patch.base_job_template);
      const matched = await db.transaction().execute((trx) => updatePool(ctx, trx, name, patch, template));
      // Resuming or raising a limit can make waiting runs claimable.
      if (matched && (patch.is_paused === false || patch.concurrency_limit !== undefined)) {
        ctx.notifyRunsChanged();
      }
      return matched;
    },

    delete: (name) => db.transaction().execute((trx) => deletePool(trx, name)),

    async filter(query) {
      const rows = await selectPoolRows(db)
        .where(poolWhere(query))
        .orderBy("work_pool.name")
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      return rows.map(workPoolFromRow);
    },

    async count(query) {
      const row = await db
        .selectFrom("work_pool")
        .where(poolWhere(query))
        .select(sql<number>`count(*)`.as("count"))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}

/** The base SELECT of pools in their API shape (with `active_slots`). */
export function selectPoolRows(db: Db) {
  return db.selectFrom("work_pool").selectAll("work_pool").select(POOL_ACTIVE_SLOTS.as("active_slots"));
}

/** True when the pool has a worker whose heartbeat is recent enough to count as ONLINE. */
export async function hasOnlineWorker(trx: Db, poolId: string, now: number): Promise<boolean> {
  const row = await trx
    .selectFrom("worker")
    .select("id")
    .where("work_pool_id", "=", poolId)
    .where(
      sql`last_heartbeat_time + heartbeat_interval_seconds * ${MISSED_HEARTBEATS_OFFLINE * 1000}`,
      ">=",
      now,
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The pools a filter body selects (`any_: []` selects none, as in Prefect). */
function poolWhere(query: Parsed<typeof WorkPoolQuery>): Condition {
  const conditions: Condition[] = [];
  const names = query.work_pools?.name?.any_;
  const types = query.work_pools?.type?.any_;
  if (names !== undefined) conditions.push(oneOf("work_pool.name", names));
  if (types !== undefined) conditions.push(oneOf("work_pool.type", types));
  return and(conditions);
}

function oneOf(column: string, values: readonly string[]): Condition {
  if (values.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join([...values])})`;
}

/** `template` when it is valid; INVALID_JOB_TEMPLATE listing every issue otherwise. */
function checkedTemplate(template: BaseJobTemplate): BaseJobTemplate {
  const issues = validateBaseJobTemplate(template);
  if (issues.length > 0) {
    throw new StewardError(
      "INVALID_JOB_TEMPLATE",
      `The base job template is invalid: ${formatIssues(issues)}. Start from the type's default (\`GET /api/worker_types/{type}\`) and change only what you need.`,
      { details: issues },
    );
  }
  return template;
}

async function insertPool(
  ctx: StoreContext,
  trx: Db,
  input: Parsed<typeof WorkPoolCreate>,
  template: BaseJobTemplate,
): Promise<WorkPool> {
  const now = ctx.now();
  const id = newId();
  const row: WorkPoolTable = {
    id,
    created: now,
    updated: now,
    name: input.name,
    type: input.type,
    description: input.description ?? null,
    is_paused: toStoredBoolean(input.is_paused),
    concurrency_limit: input.concurrency_limit ?? null,
    base_job_template: toJson(template),
    status: input.is_paused ? "PAUSED" : "NOT_READY",
    status_updated: now,
    default_queue_id: null,
  };
  // The unique name settles races: the loser inserts nothing.
  const inserted = await trx
    .insertInto("work_pool")
    .values(row)
    .onConflict((oc) => oc.column("name").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted === undefined) {
    throw new StewardError(
      "CONFLICT",
      `A work pool named "${input.name}" already exists. Pick another name, or change the existing pool with \`steward work-pool update ${input.name}\`.`,
      { details: { work_pool_name: input.name } },
    );
  }
  const queueId = await insertDefaultQueue(trx, id, now);
  await trx.updateTable("work_pool").set({ default_queue_id: queueId }).where("id", "=", id).execute();
  const created = await selectPoolRows(trx).where("work_pool.id", "=", id).executeTakeFirstOrThrow();
  return workPoolFromRow(created);
}

async function updatePool(
  ctx: StoreContext,
  trx: Db,
  name: string,
  patch: Parsed<typeof WorkPoolUpdate>,
  template: BaseJobTemplate | undefined,
): Promise<boolean> {
  const pool = await trx
    .selectFrom("work_pool")
    .select(["id", "is_paused", "status"])
    .where("name", "=", name)
    .executeTakeFirst();
  if (pool === undefined) return false;
  const now = ctx.now();
  const status = await nextPoolStatus(trx, pool, patch.is_paused, now);
  await trx
    .updateTable("work_pool")
    .set({
      updated: now,
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.is_paused !== undefined && { is_paused: toStoredBoolean(patch.is_paused) }),
      ...(patch.concurrency_limit !== undefined && { concurrency_limit: patch.concurrency_limit }),
      ...(template !== undefined && { base_job_template: toJson(template) }),
      ...(status !== pool.status && { status, status_updated: now }),
    })
    .where("id", "=", pool.id)
    .execute();
  return true;
}

/** Pausing → PAUSED; resuming → READY with an ONLINE worker, else NOT_READY; otherwise unchanged. */
async function nextPoolStatus(
  trx: Db,
  pool: { id: string; status: ReadinessStatus },
  isPaused: boolean | undefined,
  now: number,
): Promise<ReadinessStatus> {
  if (isPaused === true) return "PAUSED";
  if (isPaused === false && pool.status === "PAUSED") {
    return (await hasOnlineWorker(trx, pool.id, now)) ? "READY" : "NOT_READY";
  }
  return pool.status;
}

async function deletePool(trx: Db, name: string): Promise<boolean> {
  const pool = await trx.selectFrom("work_pool").select("id").where("name", "=", name).executeTakeFirst();
  if (pool === undefined) return false;
  // Runs keep their history (and the pool and queue names) but no longer point at rows that are
  // gone; queues and workers go with the pool (ON DELETE CASCADE).
  await trx
    .updateTable("flow_run")
    .set({ work_pool_id: null, work_queue_id: null })
    .where("work_pool_id", "=", pool.id)
    .execute();
  await trx.deleteFrom("work_pool").where("id", "=", pool.id).execute();
  return true;
}
