/**
 * @module The API's orders of flow runs and task runs, reproduced in the CLI to merge the answers
 * of several queries into one list (`--state RUNNING --state Late` asks once per kind of state,
 * because the API ANDs its criteria). Spelled as src/server/storage/query/sorts.ts sorts: a run
 * that has not started sorts by its expected start, empty times last, ties by id.
 */
import type { z } from "zod";
import type { FlowRunSort } from "../api/filters.js";
import { byText, byTime, type Compare, thenBy } from "./compare.js";

/** A sort value of `POST /flow_runs/filter` (those of `/task_runs/filter` are a subset). */
export type RunSort = z.infer<typeof FlowRunSort>;

/** The fields of a flow run or a task run that the run sorts read. */
export interface RunSortFields {
  readonly id: string;
  readonly name: string;
  readonly start_time: string | null;
  readonly expected_start_time: string | null;
  readonly next_scheduled_start_time: string | null;
  readonly end_time: string | null;
}

const id = (run: RunSortFields) => run.id;
const started = (run: RunSortFields) => run.start_time ?? run.expected_start_time;

/** The order the API gives runs with `sort`. */
export function runOrder(sort: RunSort): Compare<RunSortFields> {
  switch (sort) {
    case "START_TIME_ASC":
      return thenBy(byTime(started), byText(id));
    case "START_TIME_DESC":
      return thenBy(byTime(started, "desc"), byText(id, "desc"));
    case "EXPECTED_START_TIME_ASC":
      return thenBy(
        byTime((run) => run.expected_start_time),
        byText(id),
      );
    case "EXPECTED_START_TIME_DESC":
      return thenBy(
        byTime((run) => run.expected_start_time, "desc"),
        byText(id, "desc"),
      );
    case "NAME_ASC":
      return thenBy(
        byText((run) => run.name),
        byText(id),
      );
    case "NAME_DESC":
      return thenBy(
        byText((run) => run.name, "desc"),
        byText(id, "desc"),
      );
    case "NEXT_SCHEDULED_START_TIME_ASC":
      return thenBy(
        byTime((run) => run.next_scheduled_start_time),
        byText(id),
      );
    case "END_TIME_DESC":
      return thenBy(
        byTime((run) => run.end_time, "desc"),
        byText(id, "desc"),
      );
    case "ID_DESC":
      return byText(id, "desc");
  }
}
