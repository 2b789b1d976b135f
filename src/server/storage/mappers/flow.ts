import type { Flow } from "../../../api/index.js";
import { fromJson, isoFromMs } from "../codec.js";
import type { FlowTable } from "../database.js";

/** The API form of a flow row. */
export function flowFromRow(row: FlowTable): Flow {
  return {
    id: row.id,
    created: isoFromMs(row.created),
    updated: isoFromMs(row.updated),
    name: row.name,
    tags: fromJson<string[]>(row.tags, []),
    labels: fromJson<Flow["labels"]>(row.labels, {}),
  };
}
