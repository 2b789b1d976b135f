import type { Generated, Kysely } from "kysely";

/**
 * Row types of the Steward database, as Kysely sees them on both dialects.
 *
 * Conventions (they hold for every table):
 * - ids are UUID strings (`uuid` on PostgreSQL, `text` on SQLite);
 * - times are UTC epoch milliseconds (`bigint`; the PostgreSQL pool parses int8 into numbers);
 * - JSON columns travel as JSON text in both directions (`jsonb` on PostgreSQL, whose parser is
 *   switched off so that a JSON string value is never confused with already-parsed JSON);
 * - booleans are written as 0/1 and read back as `0 | 1` (SQLite) or `boolean` (PostgreSQL).
 */
export interface Database {
  flow: FlowTable;
  flow_run: FlowRunTable;
  flow_run_state: FlowRunStateTable;
  task_run: TaskRunTable;
  task_run_state: TaskRunStateTable;
  log: LogTable;
  work_pool: WorkPoolTable;
  work_queue: WorkQueueTable;
  worker: WorkerTable;
  deployment: DeploymentTable;
  deployment_schedule: DeploymentScheduleTable;
  event: EventTable;
  webhook: WebhookTable;
  api_key: ApiKeyTable;
  session: SessionTable;
  app_user: UserTable;
  run_key: RunKeyTable;
  automation: AutomationTable;
  audit_record: AuditRecordTable;
}

/** A Kysely instance or transaction over the Steward schema. */
export type Db = Kysely<Database>;

/** JSON text. */
export type JsonText = string;

/** What a boolean column gives back, depending on the dialect. */
export type StoredBoolean = number | boolean;

export interface FlowTable {
  id: string;
  created: number;
  updated: number;
  name: string;
  tags: JsonText;
  labels: JsonText;
}

/** Columns shared by flow runs and task runs: the current state and its bookkeeping. */
export interface RunStateColumns {
  state_id: string | null;
  state_type: string | null;
  state_name: string | null;
  state_timestamp: number | null;
  run_count: number;
  expected_start_time: number | null;
  next_scheduled_start_time: number | null;
  start_time: number | null;
  end_time: number | null;
  /** Milliseconds spent in RUNNING, summed over attempts. */
  total_run_time: number;
}

export interface FlowRunTable extends RunStateColumns {
  id: string;
  created: number;
  updated: number;
  name: string;
  flow_id: string;
  deployment_id: string | null;
  deployment_version: string | null;
  work_queue_id: string | null;
  work_queue_name: string | null;
  work_pool_id: string | null;
  work_pool_name: string | null;
  flow_version: string | null;
  parameters: JsonText;
  idempotency_key: string | null;
  context: JsonText;
  empirical_policy: JsonText;
  tags: JsonText;
  labels: JsonText;
  parent_task_run_id: string | null;
  auto_scheduled: StoredBoolean;
  infrastructure_pid: string | null;
  job_variables: JsonText;
  created_by: JsonText | null;
  /** When the run's process last said it is alive (the zombie reaper reads it). */
  last_heartbeat: number | null;
  /** The schedule an auto-scheduled run came from (migration 0005); NULL for other runs. */
  schedule_id?: string | null;
}

export interface TaskRunTable extends RunStateColumns {
  id: string;
  created: number;
  updated: number;
  name: string;
  flow_run_id: string | null;
  task_key: string;
  dynamic_key: string;
  cache_key: string | null;
  cache_expiration: number | null;
  task_version: string | null;
  empirical_policy: JsonText;
  tags: JsonText;
  labels: JsonText;
  task_inputs: JsonText;
  flow_run_run_count: number;
}

/** Columns shared by both state tables. `details` holds the wire `state_details` (ISO times). */
export interface StateColumns {
  id: string;
  created: number;
  type: string;
  name: string;
  timestamp: number;
  message: string | null;
  data: JsonText | null;
  details: JsonText;
}

export interface FlowRunStateTable extends StateColumns {
  flow_run_id: string;
}

export interface TaskRunStateTable extends StateColumns {
  task_run_id: string;
}

export interface LogTable {
  id: string;
  created: number;
  name: string;
  level: number;
  message: string;
  timestamp: number;
  flow_run_id: string | null;
  task_run_id: string | null;
}

export interface DeploymentTable {
  id: string;
  created: number;
  updated: number;
  name: string;
  flow_id: string;
  version: string | null;
  description: string | null;
  entrypoint: string | null;
  parameters: JsonText;
  parameter_openapi_schema: JsonText | null;
  enforce_parameter_schema: StoredBoolean;
  job_variables: JsonText;
  /** NULL when the deployment has no pool, or its queue was deleted. */
  work_queue_id: string | null;
  work_queue_name: string | null;
  work_pool_name: string | null;
  paused: StoredBoolean;
  concurrency_limit: number | null;
  concurrency_options: JsonText;
  tags: JsonText;
  labels: JsonText;
  pull_steps: JsonText;
  /** READY / NOT_READY, from polling of its queue (see the foreman). */
  status: string;
  status_updated: number;
  last_polled: number | null;
  /** run_all / run_latest / skip: what claims do with Late auto-scheduled runs (migration 0005). */
  catchup_policy: string;
}

export interface DeploymentScheduleTable {
  id: string;
  created: number;
  updated: number;
  deployment_id: string;
  /** The wire `Schedule` (interval / cron / rrule). */
  schedule: JsonText;
  active: StoredBoolean;
  max_scheduled_runs: number | null;
  parameters: JsonText;
  slug: string | null;
}

/** Statuses of pools and queues: READY, NOT_READY or PAUSED. */
export type ReadinessStatus = "READY" | "NOT_READY" | "PAUSED";

export interface WorkPoolTable {
  id: string;
  created: number;
  updated: number;
  name: string;
  type: string;
  description: string | null;
  is_paused: StoredBoolean;
  concurrency_limit: number | null;
  base_job_template: JsonText;
  status: ReadinessStatus;
  /** When `status` last changed. */
  status_updated: number;
  /** No foreign key (the pool and its default queue refer to each other). */
  default_queue_id: string | null;
}

export interface WorkQueueTable {
  id: string;
  created: number;
  updated: number;
  work_pool_id: string;
  name: string;
  description: string | null;
  is_paused: StoredBoolean;
  concurrency_limit: number | null;
  /** 1 is claimed first; unique within a pool once a write has finished. */
  priority: number;
  last_polled: number | null;
  status: ReadinessStatus;
  status_updated: number;
}

export interface WorkerTable {
  id: string;
  created: number;
  updated: number;
  work_pool_id: string;
  name: string;
  last_heartbeat_time: number;
  heartbeat_interval_seconds: number;
  /** As the foreman last wrote it; reads compute it from the heartbeat. */
  status: "ONLINE" | "OFFLINE";
  status_updated: number;
}

/**
 * An event (migration 0008). Written by clients through the store and by database triggers for
 * server-side changes, in the transaction of the change.
 */
export interface EventTable {
  /** Insertion order: the SQLite tail's cursor (PostgreSQL's adds `tx`). Generated. */
  seq: Generated<number>;
  id: string;
  occurred: number;
  received: number;
  /** The event's name. */
  event: string;
  /** The resource's `steward.resource.id`, for filtering and indexing. */
  resource_id: string;
  resource: JsonText;
  related: JsonText;
  /** JSON array of the related resources' ids, for filtering. */
  related_ids: JsonText;
  payload: JsonText;
  follows: string | null;
}

/** A webhook (migration 0008): `/api/hooks/{slug}` turns requests into events through `template`. */
export interface WebhookTable {
  id: string;
  created: number;
  updated: number;
  name: string;
  description: string | null;
  enabled: StoredBoolean;
  template: JsonText;
  slug: string;
}

/** An API key (migration 0010): only its hash is kept. */
export interface ApiKeyTable {
  id: string;
  created: number;
  name: string;
  role: string;
  prefix: string;
  /** SHA-256 of the key, hex. */
  key_hash: string;
  /** JSON array of work pool names (worker keys); empty: every pool. */
  pools: JsonText;
  expires: number | null;
  revoked: number | null;
  last_used: number | null;
}

/** A flow run's own key (migration 0012): its hash, its run and its end. */
export interface RunKeyTable {
  key_hash: string;
  flow_run_id: string;
  created: number;
  expires: number;
}

/**
 * A UI session (migrations 0011, 0013): hashes only, tied to the key it was opened with or to the
 * user who signed in (exactly one of `key_hash` and `user_id`).
 */
export interface SessionTable {
  token_hash: string;
  created: number;
  expires: number;
  key_hash: string | null;
  user_id: string | null;
  csrf_token: string;
}

/** A user who signs in with a password (migration 0013): only its scrypt hash is kept. */
export interface UserTable {
  id: string;
  created: number;
  name: string;
  role: string;
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  password_hash: string;
  disabled: number | null;
  last_login: number | null;
  password_changed: number;
}

/** An automation (migration 0008). `trigger` and `actions` hold the API shapes as JSON. */
export interface AutomationTable {
  id: string;
  created: number;
  updated: number;
  name: string;
  description: string;
  enabled: StoredBoolean;
  tags: JsonText;
  trigger: JsonText;
  actions: JsonText;
  /** `steward.deployment.<id>` for a deployment's triggers; NULL for stand-alone automations. */
  owner_resource: string | null;
}

/** One write through the API (migration 0014). */
export interface AuditRecordTable {
  id: string;
  occurred: number;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  actor_role: string;
  /** The route's name. */
  action: string;
  method: string;
  /** The route's path pattern. */
  path: string;
  resource_kind: string | null;
  resource_id: string | null;
  result_id: string | null;
  detail: string | null;
  status: number;
  address: string | null;
}
