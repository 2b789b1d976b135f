import type { z } from "zod";
import type {
  Flow,
  FlowCreate,
  FlowQuery,
  FlowRun,
  FlowRunCreate,
  FlowRunQuery,
  FlowRunUpdate,
  FlowUpdate,
  Log,
  LogCreate,
  LogQuery,
  OrchestrationResult,
  SetStateRequest,
  State,
  TaskRun,
  TaskRunCreate,
  TaskRunQuery,
  TaskRunStateBatch,
  TaskRunUpdate,
} from "../../api/index.js";

/** Parsed (defaults applied) request bodies, as the routes hand them to the store. */
export type Parsed<T extends z.ZodType> = z.output<T>;

/** The result of an idempotent create: `created` is false when an existing row was returned. */
export interface Upserted<T> {
  readonly value: T;
  readonly created: boolean;
}

/**
 * Flow-run fields that no client body sets directly but server features do: the deployment and
 * work-queue routing, the scheduler's marks. All optional; absent means null / false.
 */
export interface FlowRunCreateExtras {
  readonly deployment_id?: string | null;
  readonly deployment_version?: string | null;
  readonly work_queue_id?: string | null;
  readonly work_queue_name?: string | null;
  readonly work_pool_id?: string | null;
  readonly work_pool_name?: string | null;
  readonly auto_scheduled?: boolean;
  readonly created_by?: FlowRun["created_by"];
}

/** The result of a state proposal: `written` is true when a new state row was stored (HTTP 201). */
export interface SetStateOutcome {
  readonly result: OrchestrationResult;
  readonly written: boolean;
}

/**
 * Everything the HTTP layer needs from the database. One implementation (Kysely) serves SQLite and
 * PostgreSQL; reads return `undefined` for unknown ids, writes return `false` when nothing matched.
 */
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
  };

  readonly logs: {
    create(batch: readonly Parsed<typeof LogCreate>[]): Promise<void>;
    filter(query: Parsed<typeof LogQuery>): Promise<Log[]>;
    /** Deletes lines logged before `timestamp` (epoch ms), in small batches; returns how many. */
    deleteBefore(timestamp: number): Promise<number>;
  };

  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
