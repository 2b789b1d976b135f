/**
 * @module The audit trail: one record per write made through the API, naming who made it (the
 * key, user or flow run, and the role it used), what it did, to what, and how it ended.
 */
import { z } from "zod";
import { Timestamp } from "./common.js";
import { MAX_NAME_LENGTH } from "./limits.js";

/** Who can appear in the audit trail (see `core/access.ts` for the principals). */
export const AUDIT_ACTOR_KINDS = ["api-key", "user", "run", "bootstrap", "anonymous"] as const;

/** One write, as recorded. */
export const AuditRecord = z.object({
  id: z.uuid(),
  occurred: Timestamp,
  actor: z.object({
    kind: z.enum(AUDIT_ACTOR_KINDS),
    /** The key's or user's id, or the flow run's for a run key; null for bootstrap and anonymous. */
    id: z.string().nullable(),
    name: z.string(),
    role: z.string(),
  }),
  /** The route's name in the API (`setFlowRunState`, `updateDeployment`, …). */
  action: z.string(),
  /** What the route does, in words (the route table's summary). */
  summary: z.string(),
  method: z.string(),
  /** The route's path pattern under `/api` (`/flow_runs/{id}/set_state`). */
  path: z.string(),
  /** The kind of resource the route addresses (`flow-run`, `deployment`, …). */
  resource_kind: z.string().nullable(),
  /** The id (or name) of the resource in the path, when it has one. */
  resource_id: z.string().nullable(),
  /** The id of what the write created, when it created something else (a run from a deployment). */
  result_id: z.string().nullable(),
  /** A few words on the change: the state proposed, the fields changed, the name created. */
  detail: z.string().nullable(),
  /** The HTTP status answered. */
  status: z.number().int(),
  /** The caller's address; only admins see it (null for others). */
  address: z.string().nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** Body of `POST /audit/filter`: newest first. */
export const AuditQuery = z.strictObject({
  /** Records about this resource: the one in the path, or the one the write created. */
  resource_id: z.string().min(1).max(MAX_NAME_LENGTH).optional(),
  /** Records of this actor (a key's or user's name). */
  actor_name: z.string().min(1).max(MAX_NAME_LENGTH).optional(),
  actor_kind: z.enum(AUDIT_ACTOR_KINDS).optional(),
  /** Records of this route (`deleteDeployment`). */
  action: z.string().min(1).max(100).optional(),
  occurred_after: Timestamp.optional(),
  occurred_before: Timestamp.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(100_000).default(0),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
