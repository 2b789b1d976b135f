import { z } from "zod";
import { Id, Timestamp } from "./common.js";

/** A log line as the API returns it. */
export const Log = z.object({
  id: Id,
  created: Timestamp,
  name: z.string(),
  level: z.number().int(),
  message: z.string(),
  timestamp: Timestamp,
  flow_run_id: Id.nullable(),
  task_run_id: Id.nullable(),
});
export type Log = z.infer<typeof Log>;

/** One log line as a client sends it. */
export const LogCreate = z.strictObject({
  name: z.string().min(1).max(200),
  level: z.number().int().min(0).max(100),
  message: z.string().max(1_000_000),
  timestamp: Timestamp,
  flow_run_id: Id.nullish(),
  task_run_id: Id.nullish(),
});
export type LogCreate = z.input<typeof LogCreate>;

/** Body of `POST /logs/`: a batch of log lines. */
export const LogBatch = z.array(LogCreate).max(10_000);
