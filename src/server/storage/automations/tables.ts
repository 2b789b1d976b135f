/** @module Row types of the automations engine's tables (migration 0009), as Kysely sees them. */
import type { Kysely } from "kysely";
import type { Db, JsonText } from "../database.js";

export interface AutomationEngineStateTable {
  id: number;
  cursor: string | null;
  version: number;
  updated: number;
}

export interface AutomationBucketTable {
  automation_id: string;
  trigger_path: string;
  bucket_key: string;
  automation_updated: number;
  data: JsonText;
  updated: number;
}

export interface AutomationActionJobTable {
  id: string;
  created: number;
  updated: number;
  automation_id: string;
  automation_name: string;
  firing_id: string;
  action_index: number;
  action_type: string;
  action: JsonText;
  triggering_event: JsonText | null;
  bucket: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  result: JsonText | null;
  attempt_log: JsonText;
}

/** The engine's tables. */
export interface EngineTables {
  automation_engine_state: AutomationEngineStateTable;
  automation_bucket: AutomationBucketTable;
  automation_action_job: AutomationActionJobTable;
}

/** The store's database (or a transaction on it) seen with the engine's tables. */
export function engineDb(db: Db): Kysely<EngineTables> {
  // The shared Database interface belongs to the other tables; these are added by migration 0009.
  return db as unknown as Kysely<EngineTables>;
}
