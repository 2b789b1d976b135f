import type { AutomationEngineStore } from "./automations/types.js";
import type { EventCursor, TailedEvents } from "./events/tail.js";
import type { TopUpOptions, TopUpResult } from "./scheduler/top-up.js";
import type {
  ApiKey,
  ApiKeyCreate,
  AuditQuery,
  AuditRecord,
  ApiKeyCreated,
  ApiKeyQuery,
  Automation,
  AutomationCreate,
  AutomationQuery,
  Event,
  EventCountBucket,
  EventCountRequest,
  EventCreate,
  EventPage,
  EventQuery,
  Webhook,
  WebhookCreate,
  WebhookQuery,
  WebhookUpdate,
  ClaimDeploymentFlowRuns,
  ClaimFlowRuns,
  Deployment,
  DeploymentCreate,
  DeploymentFlowRunCreate,
  DeploymentQuery,
  DeploymentSchedule,
  DeploymentScheduleCreate,
  DeploymentUpdate,
  GetDeploymentScheduledFlowRuns,
  GetScheduledFlowRuns,
  Worker,
  WorkerFlowRunResponse,
  WorkerHeartbeat,
  WorkPool,
  WorkPoolCreate,
  WorkPoolQuery,
  WorkPoolUpdate,
  WorkQueue,
  WorkQueueCreate,
  WorkQueueUpdate,
  Flow,
  FlowCreate,
  FlowQuery,
  FlowRun,
  FlowRunCreate,
  FlowRunGraph,
  FlowRunHistoryBucket,
  FlowRunHistoryRequest,
  FlowRunQuery,
  FlowRunUpdate,
  FlowUpdate,
  Log,
  LogCreate,
  LogQuery,
  SetStateRequest,
  State,
  TaskRun,
  TaskRunCreate,
  User,
  UserQuery,
  UserRole,
  TaskRunQuery,
  TaskRunStateBatch,
  TaskRunUpdate,
} from "../../api/index.js";
import type { FlowRunCreateExtras, Parsed, SetStateOutcome, Upserted } from "./types.js";

export type { FlowRunCreateExtras, Parsed, SetStateOutcome, Upserted } from "./types.js";

/**
 * Everything the HTTP layer needs from the database. One implementation (Kysely) serves SQLite and
 * PostgreSQL; reads return `undefined` for unknown ids, writes return `false` when nothing matched.
 */
/** A flow run's key as stored: its hash, its run, and times in epoch ms. */
export interface StoredRunKey {
  readonly keyHash: string;
  readonly flowRunId: string;
  readonly created: number;
  readonly expires: number;
}

/** A UI session as stored: hashes and times in epoch ms. */
export interface StoredSession {
  readonly tokenHash: string;
  readonly created: number;
  readonly expires: number;
  /** SHA-256 of the API key it was opened with; null for a user's session. */
  readonly keyHash: string | null;
  /** The user who signed in; null for a key's session. */
  readonly userId: string | null;
  readonly csrfToken: string;
}

/** An audit record as stored: everything but the route's summary, which the API adds. */
export type StoredAuditRecord = Omit<AuditRecord, "summary">;

/** A write to record in the audit trail (the store adds its id and time). */
export interface NewAuditRecord {
  readonly actor: {
    readonly kind: AuditRecord["actor"]["kind"];
    readonly id?: string;
    readonly name: string;
    readonly role: string;
  };
  readonly action: string;
  readonly method: string;
  readonly path: string;
  readonly resourceKind: string | null;
  readonly resourceId: string | null;
  readonly resultId: string | null;
  readonly detail: string | null;
  readonly status: number;
  readonly address: string | null;
}

/** A user as the authenticator reads it: its record and its password hash. */
export interface StoredUser extends User {
  /** `scrypt$N$r$p$salt$hash`: checked by server/auth/passwords.ts, never answered. */
  readonly passwordHash: string;
}

/** What a new user is made of: the password arrives hashed (hashing is slow and async). */
export interface NewUser {
  readonly name: string;
  readonly role: UserRole;
  readonly passwordHash: string;
}

/** A key as the authenticator reads it: its record and its expiry in epoch ms. */
export interface StoredApiKey extends ApiKey {
  readonly expiresMs: number | null;
}

export interface Store {
  readonly dialect: "sqlite" | "postgres";

  readonly flows: {
    upsert(input: Parsed<typeof FlowCreate>): Promise<Upserted<Flow>>;
    read(id: string): Promise<Flow | undefined>;
    readByName(name: string): Promise<Flow | undefined>;
    update(id: string, patch: Parsed<typeof FlowUpdate>): Promise<boolean>;
    delete(id: string): Promise<boolean>;
    filter(query: Parsed<typeof FlowQuery>): Promise<Flow[]>;
    count(query: Parsed<typeof FlowQuery>): Promise<number>;
  };

  readonly flowRuns: {
    /**
     * Creates a run and writes its first state (PENDING unless `input.state` says otherwise)
     * through the orchestration rules with `force`. Idempotent by (`flow_id`, `idempotency_key`):
     * an existing run is returned with `created: false`. Throws StewardError FLOW_NOT_FOUND when
     * `flow_id` is unknown. `extras` carries server-side fields (deployment, queue, scheduler).
     */
    create(input: Parsed<typeof FlowRunCreate>, extras?: FlowRunCreateExtras): Promise<Upserted<FlowRun>>;
    read(id: string): Promise<FlowRun | undefined>;
    update(id: string, patch: Parsed<typeof FlowRunUpdate>): Promise<boolean>;
    delete(id: string): Promise<boolean>;
    filter(query: Parsed<typeof FlowRunQuery>): Promise<FlowRun[]>;
    count(query: Parsed<typeof FlowRunQuery>): Promise<number>;
    /** Runs the orchestration rules under a row lock. Throws FLOW_RUN_NOT_FOUND for unknown ids. */
    setState(id: string, request: Parsed<typeof SetStateRequest>): Promise<SetStateOutcome>;
    /** State history, oldest first. */
    states(flowRunId: string): Promise<State[]>;
    readState(stateId: string): Promise<State | undefined>;
    /** Records that the run's process is alive. False for an unknown run. */
    heartbeat(id: string): Promise<boolean>;
    /**
     * Runs whose expected start is in [history_start, history_end) and that match the filters,
     * counted per bucket and state by the database. Every bucket of the range, in order.
     */
    history(request: Parsed<typeof FlowRunHistoryRequest>): Promise<FlowRunHistoryBucket[]>;
    /**
     * The run's task runs and the subflow runs started from them, by start time (unstarted last),
     * at most MAX_GRAPH_NODES. Undefined for an unknown run.
     */
    graph(id: string): Promise<FlowRunGraph | undefined>;
  };

  readonly taskRuns: {
    create(input: Parsed<typeof TaskRunCreate>): Promise<Upserted<TaskRun>>;
    read(id: string): Promise<TaskRun | undefined>;
    update(id: string, patch: Parsed<typeof TaskRunUpdate>): Promise<boolean>;
    delete(id: string): Promise<boolean>;
    filter(query: Parsed<typeof TaskRunQuery>): Promise<TaskRun[]>;
    count(query: Parsed<typeof TaskRunQuery>): Promise<number>;
    setState(id: string, request: Parsed<typeof SetStateRequest>): Promise<SetStateOutcome>;
    /** Upserts the task runs and appends their states in one transaction; idempotent by state id. */
    recordStates(batch: Parsed<typeof TaskRunStateBatch>): Promise<number>;
    states(taskRunId: string): Promise<State[]>;
    /** The states of several task runs, by task run then time, at most `limit` of them. */
    statesOf(taskRunIds: readonly string[], limit: number): Promise<State[]>;
  };

  readonly logs: {
    create(batch: readonly Parsed<typeof LogCreate>[]): Promise<void>;
    filter(query: Parsed<typeof LogQuery>): Promise<Log[]>;
    /** Deletes lines logged before `timestamp` (epoch ms), in small batches; returns how many. */
    deleteBefore(timestamp: number): Promise<number>;
  };

  readonly workPools: {
    /** Creates the pool and its `default` queue. CONFLICT when the name exists. */
    create(input: Parsed<typeof WorkPoolCreate>): Promise<WorkPool>;
    read(name: string): Promise<WorkPool | undefined>;
    update(name: string, patch: Parsed<typeof WorkPoolUpdate>): Promise<boolean>;
    /** Deletes the pool, its queues and workers; its runs keep their history but lose the queue. */
    delete(name: string): Promise<boolean>;
    filter(query: Parsed<typeof WorkPoolQuery>): Promise<WorkPool[]>;
    count(query: Parsed<typeof WorkPoolQuery>): Promise<number>;
  };

  readonly workQueues: {
    /** WORK_POOL_NOT_FOUND for an unknown pool; CONFLICT when the queue name exists in the pool. */
    create(poolName: string, input: Parsed<typeof WorkQueueCreate>): Promise<WorkQueue>;
    read(poolName: string, name: string): Promise<WorkQueue | undefined>;
    update(poolName: string, name: string, patch: Parsed<typeof WorkQueueUpdate>): Promise<boolean>;
    delete(poolName: string, name: string): Promise<boolean>;
    /** The pool's queues by priority; undefined for an unknown pool. */
    list(poolName: string): Promise<WorkQueue[] | undefined>;
  };

  readonly workers: {
    /** Upserts the worker ONLINE and the pool READY (unless paused). False for an unknown pool. */
    heartbeat(poolName: string, input: Parsed<typeof WorkerHeartbeat>): Promise<boolean>;
    list(poolName: string): Promise<Worker[] | undefined>;
    delete(poolName: string, name: string): Promise<boolean>;
  };

  readonly claims: {
    /**
     * One claim attempt (the HTTP layer long-polls by repeating it on wake-ups): in one
     * transaction, due SCHEDULED runs of unpaused queues of the unpaused pool move to PENDING,
     * ordered by queue priority then scheduled time, within pool, queue and deployment concurrency
     * limits. Marks the polled queues (and their deployments) READY. WORK_POOL_NOT_FOUND if unknown.
     */
    claim(poolName: string, request: Parsed<typeof ClaimFlowRuns>): Promise<WorkerFlowRunResponse[]>;
    /** Prefect's `get_scheduled_flow_runs`: the same selection without claiming. */
    scheduled(
      poolName: string,
      request: Parsed<typeof GetScheduledFlowRuns>,
    ): Promise<WorkerFlowRunResponse[]>;
    /** Earliest next_scheduled_start_time among claimable runs of the pool (ms), for long-poll sleeps. */
    nextDueTime(poolName: string, workQueueNames?: readonly string[]): Promise<number | null>;
    /**
     * One claim attempt by deployment (for `serve`): due SCHEDULED runs of these deployments move
     * to PENDING in one transaction, by scheduled time then id, within the deployments' concurrency
     * limits and `limit` (work-pool and queue limits do not apply). Marks the deployments READY.
     * Unknown ids are ignored.
     */
    claimForDeployments(request: Parsed<typeof ClaimDeploymentFlowRuns>): Promise<FlowRun[]>;
    /** Prefect's runner poll: due SCHEDULED runs of these deployments, without claiming. */
    scheduledForDeployments(request: Parsed<typeof GetDeploymentScheduledFlowRuns>): Promise<FlowRun[]>;
    /** Earliest next_scheduled_start_time among SCHEDULED runs of the deployments (ms). */
    nextDueTimeForDeployments(deploymentIds: readonly string[]): Promise<number | null>;
    /** Subscribes to "runs may have become claimable" (new or rescheduled runs, freed slots). */
    onChange(listener: () => void): () => void;
  };

  readonly deployments: {
    /** Upsert on (flow_id, name); replaces the schedules; removes now-stale future auto-scheduled runs. */
    upsert(input: Parsed<typeof DeploymentCreate>): Promise<Upserted<Deployment>>;
    read(id: string): Promise<Deployment | undefined>;
    readByName(flowName: string, name: string): Promise<Deployment | undefined>;
    update(id: string, patch: Parsed<typeof DeploymentUpdate>): Promise<boolean>;
    delete(id: string): Promise<boolean>;
    filter(query: Parsed<typeof DeploymentQuery>): Promise<Deployment[]>;
    count(query: Parsed<typeof DeploymentQuery>): Promise<number>;
    /** Merges parameters / tags / job variables over the deployment's, validates, creates the run. */
    createFlowRun(id: string, input: Parsed<typeof DeploymentFlowRunCreate>): Promise<FlowRun>;
    setPaused(id: string, paused: boolean): Promise<boolean>;
    schedules(id: string): Promise<DeploymentSchedule[] | undefined>;
    addSchedules(
      id: string,
      input: readonly Parsed<typeof DeploymentScheduleCreate>[],
    ): Promise<DeploymentSchedule[]>;
    updateSchedule(
      id: string,
      scheduleId: string,
      patch: Partial<Parsed<typeof DeploymentScheduleCreate>>,
    ): Promise<boolean>;
    deleteSchedule(id: string, scheduleId: string): Promise<boolean>;
  };

  /** The scheduler's work (scheduler/): pre-creating SCHEDULED runs from deployment schedules. */
  readonly scheduler: {
    /**
     * Inserts the missing auto-scheduled runs of every active schedule of every unpaused
     * deployment that has a work queue or no pool (served), or only of `deploymentIds`, by
     * Prefect's horizon rules. Idempotent, also across replicas; batches of ≤ 500 runs.
     */
    topUp(options?: TopUpOptions): Promise<TopUpResult>;
    /**
     * Subscribes to "this deployment's schedules may need runs" (created, updated, schedules
     * changed, resumed), raised in this process after the change has committed.
     */
    onDeploymentChanged(listener: (deploymentId: string) => void): () => void;
  };

  /** Work of the background services; each returns how many rows it changed. */
  readonly maintenance: {
    /** SCHEDULED "Scheduled" runs due before `before` → SCHEDULED "Late". */
    markLateRuns(before: number): Promise<number>;
    /** Foreman: workers OFFLINE after 3 missed heartbeats, pools/queues/deployments NOT_READY. */
    updateStatuses(now: number): Promise<number>;
    /** RUNNING runs whose last heartbeat is older than `before` → CRASHED. */
    reapZombies(before: number): Promise<number>;
    /**
     * PENDING runs claimed before `before` that never started, and whose process has not beaten
     * since then → SCHEDULED again, for their claimed time or now, whichever is later.
     */
    expireClaims(before: number): Promise<number>;
    /** Runs CANCELLING since before `before` → CANCELLED. */
    finishStuckCancellations(before: number): Promise<number>;
  };

  /**
   * Events (events/). Server-side events — every flow-run and task-run state written, every
   * deployment, work-pool and work-queue created / updated / deleted / ready / not-ready / paused —
   * are written by database triggers in the same transaction as the change (migration 0008), so
   * none is lost and none is written for a change that rolled back.
   */
  readonly events: {
    /** Stores a batch of client events in one transaction; fills id / occurred / received. */
    insert(events: readonly Parsed<typeof EventCreate>[]): Promise<Event[]>;
    read(id: string): Promise<Event | undefined>;
    /** A page of matching events, with the total and a token for the next page. */
    filter(query: Parsed<typeof EventQuery>): Promise<EventPage>;
    /** The page after the one that gave `token`; INVALID_INPUT for a bad or stale token. */
    next(token: string): Promise<EventPage>;
    count(request: Parsed<typeof EventCountRequest>): Promise<EventCountBucket[]>;
    /**
     * Events stored after `cursor`, in the order they became visible, at most `limit`: every event
     * exactly once across calls, also on PostgreSQL where transactions commit out of order (an
     * event is handed out once no transaction that could precede it is still open). A null cursor
     * starts at the newest event (nothing before it is returned).
     */
    tail(cursor: EventCursor | null, limit: number): Promise<TailedEvents>;
    /** Deletes events that occurred before `timestamp` (epoch ms), in small batches; returns how many. */
    deleteBefore(timestamp: number): Promise<number>;
    /** Subscribes to "events were stored" (in this process; on PostgreSQL also by other replicas). */
    onStored(listener: () => void): () => void;
  };

  readonly webhooks: {
    /** CONFLICT when the name exists; INVALID_INPUT when the template is not an event template. */
    create(input: Parsed<typeof WebhookCreate>): Promise<Webhook>;
    read(id: string): Promise<Webhook | undefined>;
    /** Enabled or not; the route answers 404 for a disabled one. */
    readBySlug(slug: string): Promise<Webhook | undefined>;
    update(id: string, patch: Parsed<typeof WebhookUpdate>): Promise<boolean>;
    /** A new random slug; the old one stops working at once. Undefined for an unknown id. */
    rotate(id: string): Promise<Webhook | undefined>;
    delete(id: string): Promise<boolean>;
    filter(query: Parsed<typeof WebhookQuery>): Promise<Webhook[]>;
  };

  readonly automations: {
    create(input: Parsed<typeof AutomationCreate>): Promise<Automation>;
    read(id: string): Promise<Automation | undefined>;
    /** Replaces the definition (PUT); its trigger's buckets start afresh. */
    replace(id: string, input: Parsed<typeof AutomationCreate>): Promise<boolean>;
    setEnabled(id: string, enabled: boolean): Promise<boolean>;
    delete(id: string): Promise<boolean>;
    filter(query: Parsed<typeof AutomationQuery>): Promise<Automation[]>;
    count(query: Parsed<typeof AutomationQuery>): Promise<number>;
    /** Automations owned by `resourceId`, or whose trigger or actions name it. */
    relatedTo(resourceId: string): Promise<Automation[]>;
    /** Deletes the automations `resourceId` owns; returns how many. */
    deleteOwnedBy(resourceId: string): Promise<number>;
    /** Replaces the automations `resourceId` owns by `inputs`, in one transaction. */
    replaceOwnedBy(
      resourceId: string,
      inputs: readonly Parsed<typeof AutomationCreate>[],
    ): Promise<Automation[]>;
    /** Every enabled automation (the engine's working set). */
    enabled(): Promise<Automation[]>;
    /** Subscribes to "automations changed" in this process (created, replaced, toggled, deleted). */
    onChange(listener: () => void): () => void;
  };

  readonly apiKeys: {
    /** A new key for `input`; the key is in the answer only. CONFLICT when the name is taken. */
    create(input: Parsed<typeof ApiKeyCreate>): Promise<ApiKeyCreated>;
    /** Active keys by name (all with `include_inactive`). */
    filter(query: Parsed<typeof ApiKeyQuery>): Promise<ApiKey[]>;
    /** Revokes the key (again: no change); undefined for an unknown id. */
    revoke(id: string): Promise<ApiKey | undefined>;
    /** The key whose SHA-256 is `hash`, revoked and expired ones included. */
    findByHash(hash: string): Promise<StoredApiKey | undefined>;
    /** Notes that the key was accepted just now (written at most once a minute). */
    markUsed(id: string): Promise<void>;
    /**
     * How many keys were ever created, revoked and expired ones included: any turns auth on for
     * good (revoking every key must not open the server to anonymous callers).
     */
    count(): Promise<number>;
  };

  readonly users: {
    /** USER_NAME_TAKEN when the name is taken (disabled users keep theirs). */
    create(input: NewUser): Promise<User>;
    /** Active users by name (disabled ones too with `include_disabled`). */
    filter(query: Parsed<typeof UserQuery>): Promise<User[]>;
    /** The user with `id`, with its password hash; undefined for an unknown id. */
    read(id: string): Promise<StoredUser | undefined>;
    /** The user named `name`, with its password hash. */
    readByName(name: string): Promise<StoredUser | undefined>;
    /**
     * Sets the role and/or password hash; a new password ends the user's sessions but
     * `keepSession` (a token hash: the session the user changed it from). Undefined for an unknown id.
     */
    update(
      id: string,
      patch: { role?: UserRole; passwordHash?: string },
      keepSession?: string,
    ): Promise<User | undefined>;
    /** Disables the user (again: no change) and ends its sessions; undefined for an unknown id. */
    disable(id: string): Promise<User | undefined>;
    /** Notes a successful sign-in. */
    markLogin(id: string): Promise<void>;
    /** How many users were ever created, disabled ones included: any turns auth on for good. */
    count(): Promise<number>;
  };

  readonly runKeys: {
    create(key: StoredRunKey): Promise<void>;
    /** The run key whose SHA-256 is `keyHash`, expired ones included. */
    read(keyHash: string): Promise<StoredRunKey | undefined>;
    /** Deletes keys that expired before `timestamp` (epoch ms); returns how many. */
    deleteExpired(timestamp: number): Promise<number>;
  };

  readonly sessions: {
    create(session: StoredSession): Promise<void>;
    /** The session whose token hashes to `tokenHash`, expired ones included. */
    read(tokenHash: string): Promise<StoredSession | undefined>;
    delete(tokenHash: string): Promise<void>;
    /** Deletes sessions that expired before `timestamp` (epoch ms); returns how many. */
    deleteExpired(timestamp: number): Promise<number>;
  };

  /** The audit trail: one record per write through the API. */
  readonly audit: {
    /** Appends the records, in one statement. */
    record(entries: readonly NewAuditRecord[]): Promise<void>;
    /** Newest first. */
    filter(query: Parsed<typeof AuditQuery>): Promise<StoredAuditRecord[]>;
    /** Deletes records older than `timestamp` (epoch ms); returns how many. */
    deleteBefore(timestamp: number): Promise<number>;
  };

  /** What the automations engine keeps in the database (its cursor, buckets and action queue). */
  readonly automationEngine: AutomationEngineStore;

  /** True when the database answers. */
  ping(): Promise<boolean>;
  /** Bytes the database takes on disk (SQLite: its pages; PostgreSQL: `pg_database_size`). */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}
