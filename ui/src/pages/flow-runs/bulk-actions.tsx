/** @module Cancel or delete the runs selected in the flow runs list, and say what happened. */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FlowRun } from "../../../../src/api/flow-runs.js";
import { callApi } from "../../api/client.js";
import { ConfirmDialog } from "../../components/dialog.js";
import { Notice } from "../../components/messages.js";
import { cancelRuns } from "./orchestration.js";

/** What the last bulk action did, shown above the list until dismissed. */
interface BulkResult {
  readonly tone: "ok" | "error";
  readonly summary: string;
  readonly problems: readonly string[];
}

/** The API deletes at most this many runs per call. */
const DELETE_BATCH = 200;

/** The bar shown while runs are selected: Cancel, Delete, Clear. */
export function BulkActions({
  selected,
  runs,
  onDone,
}: {
  /** Selected run ids (possibly from several pages). */
  selected: ReadonlySet<string>;
  /** Every run seen while selecting, by id. */
  runs: ReadonlyMap<string, FlowRun>;
  /** Clears the selection. */
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<"cancel" | "delete" | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const chosen = [...selected].flatMap((id) => {
    const run = runs.get(id);
    return run ? [run] : [];
  });
  const count = selected.size;
  const noun = (n: number) => `${n} run${n === 1 ? "" : "s"}`;

  const run = async (action: "cancel" | "delete") => {
    setBusy(true);
    try {
      setResult(action === "cancel" ? await cancel(chosen) : await remove([...selected]));
      onDone();
    } catch (error) {
      setResult({
        tone: "error",
        summary: error instanceof Error ? error.message : String(error),
        problems: [],
      });
    } finally {
      setBusy(false);
      setConfirm(null);
      await queryClient.invalidateQueries();
    }
  };

  return (
    <>
      {count > 0 && (
        <div className="bulk-bar" data-testid="bulk-actions">
          <strong>{noun(count)} selected</strong>
          <button type="button" className="small" disabled={busy} onClick={() => setConfirm("cancel")}>
            Cancel runs
          </button>
          <button type="button" className="small danger" disabled={busy} onClick={() => setConfirm("delete")}>
            Delete runs
          </button>
          <button type="button" className="small ghost" disabled={busy} onClick={onDone}>
            Clear selection
          </button>
        </div>
      )}
      {result && (
        <Notice
          tone={result.tone === "error" ? "error" : "info"}
          className="bulk-result"
          testId="bulk-result"
          onDismiss={() => setResult(null)}
        >
          <strong>{result.summary}</strong>
          {result.problems.length > 0 && (
            <ul>
              {result.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      <ConfirmDialog
        open={confirm === "cancel"}
        title={`Cancel ${noun(count)}?`}
        message="Runs that are waiting become Cancelled at once; running ones are stopped by their worker. Runs that are already over stay as they are."
        confirmLabel={`Cancel ${noun(count)}`}
        busy={busy}
        onConfirm={() => void run("cancel")}
        onClose={() => setConfirm(null)}
      />
      <ConfirmDialog
        open={confirm === "delete"}
        title={`Delete ${noun(count)}?`}
        message="Their task runs, states and logs are deleted too. This cannot be undone."
        confirmLabel={`Delete ${noun(count)}`}
        busy={busy}
        onConfirm={() => void run("delete")}
        onClose={() => setConfirm(null)}
      />
    </>
  );
}

async function cancel(runs: readonly FlowRun[]): Promise<BulkResult> {
  const report = await cancelRuns(runs);
  const summary =
    report.failed.length === 0
      ? `Cancelled ${report.cancelled} run${report.cancelled === 1 ? "" : "s"}.`
      : `Cancelled ${report.cancelled} of ${runs.length} runs; ${report.failed.length} could not be cancelled.`;
  return {
    tone: report.failed.length > 0 && report.cancelled === 0 ? "error" : "ok",
    summary,
    problems: report.failed.map((failure) => `${failure.name}: ${failure.reason}`),
  };
}

async function remove(ids: readonly string[]): Promise<BulkResult> {
  let deleted = 0;
  for (let start = 0; start < ids.length; start += DELETE_BATCH) {
    const answer = await callApi("bulkDeleteFlowRuns", {
      body: { ids: ids.slice(start, start + DELETE_BATCH) },
    });
    deleted += answer.deleted.length;
  }
  const missing = ids.length - deleted;
  return {
    tone: "ok",
    summary: `Deleted ${deleted} run${deleted === 1 ? "" : "s"}.`,
    problems: missing > 0 ? [`${missing} had already been deleted.`] : [],
  };
}
