import { z } from "zod";
import { STATE_TYPES, type StateType } from "../core/states.js";
import { Id, Timestamp } from "./common.js";

export const StateTypeSchema = z.enum(STATE_TYPES as [StateType, ...StateType[]]);

/** Details that orchestration rules read and write (Prefect's `state_details`). */
export const StateDetails = z
  .object({
    flow_run_id: Id.nullish(),
    task_run_id: Id.nullish(),
    child_flow_run_id: Id.nullish(),
    scheduled_time: Timestamp.nullish(),
    cache_key: z.string().max(2000).nullish(),
    cache_expiration: Timestamp.nullish(),
    transition_id: z.string().max(200).nullish(),
    retriable: z.boolean().nullish(),
    pause_key: z.string().max(200).nullish(),
    pause_timeout: Timestamp.nullish(),
    exit_code: z.number().int().nullish(),
  })
  .loose();
export type StateDetails = z.infer<typeof StateDetails>;

/** A state as the API returns it. */
export const State = z.object({
  id: Id,
  type: StateTypeSchema,
  name: z.string(),
  timestamp: Timestamp,
  message: z.string().nullable(),
  data: z.unknown().nullable(),
  state_details: StateDetails,
});
export type State = z.infer<typeof State>;

/** A state as a client proposes it. */
export const StateCreate = z.strictObject({
  type: StateTypeSchema,
  name: z.string().min(1).max(100).nullish(),
  message: z.string().max(100_000).nullish(),
  data: z.unknown().optional(),
  state_details: StateDetails.optional(),
  /** Clients that record their own timeline (task-run batches) send when it happened. */
  timestamp: Timestamp.optional(),
});
export type StateCreate = z.input<typeof StateCreate>;

/** Body of `POST /flow_runs/{id}/set_state` and `POST /task_runs/{id}/set_state`. */
export const SetStateRequest = z.strictObject({
  state: StateCreate,
  force: z.boolean().default(false),
});
export type SetStateRequest = z.input<typeof SetStateRequest>;

export const OrchestrationStatus = z.enum(["ACCEPT", "REJECT", "ABORT", "WAIT"]);
export type OrchestrationStatus = z.infer<typeof OrchestrationStatus>;

/** What the server answers to a proposed state. */
export const OrchestrationResult = z.object({
  state: State.nullable(),
  status: OrchestrationStatus,
  details: z.object({
    type: z.enum(["accept_details", "reject_details", "abort_details", "wait_details"]),
    reason: z.string().nullable().optional(),
    delay_seconds: z.number().optional(),
  }),
});
export type OrchestrationResult = z.infer<typeof OrchestrationResult>;
