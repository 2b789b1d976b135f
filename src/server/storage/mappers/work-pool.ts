import type { BaseJobTemplate, WorkPool } from "../../../api/index.js";
import { fromJson, fromStoredBoolean, isoFromMs } from "../codec.js";
import type { WorkPoolTable } from "../database.js";

/** A pool row with the number of its runs holding a slot (PENDING, RUNNING, CANCELLING). */
export interface WorkPoolRow extends WorkPoolTable {
  active_slots: number | string;
}

const EMPTY_TEMPLATE: BaseJobTemplate = {
  job_configuration: {},
  variables: { type: "object", properties: {} },
};

/** The API form of a work pool row. */
export function workPoolFromRow(row: WorkPoolRow): WorkPool {
  return {
    id: row.id,
    created: isoFromMs(row.created),
    updated: isoFromMs(row.updated),
    name: row.name,
    type: row.type,
    description: row.description,
    is_paused: fromStoredBoolean(row.is_paused),
    concurrency_limit: row.concurrency_limit,
    base_job_template: {
      ...EMPTY_TEMPLATE,
      ...fromJson<Partial<BaseJobTemplate>>(row.base_job_template, {}),
    },
    status: row.status,
    status_updated: isoFromMs(row.status_updated),
    default_queue_id: row.default_queue_id,
    active_slots: Number(row.active_slots),
  };
}
