/**
 * @module The orders `POST /flow_runs/filter` accepts, as plain values: the CLI lists them in
 * `steward flow-run --help` without building the API's schemas (every flow-run process loads the
 * flow-run commands; see issue 17). `filters.ts` makes its `FlowRunSort` schema from them.
 */
export const FLOW_RUN_SORT_VALUES = [
  "ID_DESC",
  "START_TIME_ASC",
  "START_TIME_DESC",
  "EXPECTED_START_TIME_ASC",
  "EXPECTED_START_TIME_DESC",
  "NAME_ASC",
  "NAME_DESC",
  "NEXT_SCHEDULED_START_TIME_ASC",
  "END_TIME_DESC",
] as const;
