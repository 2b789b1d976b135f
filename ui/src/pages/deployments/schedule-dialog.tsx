/**
 * @module Adding or editing a schedule: interval, cron or rrule, with a time zone, a live
 * description and the next three run times, or the reason it is invalid (nothing is saved then).
 * A new schedule starts empty; what is missing is said once the person types or presses Save.
 */
import { useMemo, useState } from "react";
import type { Deployment, DeploymentSchedule } from "../../../../src/api/deployments.js";
import { useApiMutation } from "../../api/client.js";
import { Dialog } from "../../components/dialog.js";
import { ErrorMessage } from "../../components/messages.js";
import { formatDateTimeWithZone } from "../../components/time.js";
import { intlZone } from "../../components/time-zone.js";
import { useTimeZoneSetting } from "../../components/use-time-zone.js";
import { draftOf, type ScheduleDraft, type ScheduleKind, scheduleOf, UNITS } from "./schedule-draft.js";
import { formatInZone, nextRuns, scheduleProblems, scheduleWords, scheduleZone } from "./schedule-words.js";

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const ZONES: readonly string[] =
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
const KINDS: readonly { id: ScheduleKind; label: string }[] = [
  { id: "interval", label: "Interval" },
  { id: "cron", label: "Cron" },
  { id: "rrule", label: "RRule" },
];

/** The dialog; `entry` set means editing it. */
export function ScheduleDialog({
  deployment,
  entry,
  open,
  onClose,
}: {
  deployment: Deployment;
  entry?: DeploymentSchedule;
  open: boolean;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftOf(entry, BROWSER_ZONE));
  // An empty new form is not an error yet: only after an edit or a Save.
  const [spoken, setSpoken] = useState(entry !== undefined);
  const change = (patch: Partial<ScheduleDraft>) => {
    setSpoken(true);
    setDraft((current) => ({ ...current, ...patch }));
  };
  const built = useMemo(() => scheduleOf(draft), [draft]);
  const problems = useMemo(
    () => ("schedule" in built ? scheduleProblems(built.schedule) : [built.error]),
    [built],
  );
  const preview = useMemo(
    () => ("schedule" in built && problems.length === 0 ? nextRuns(built.schedule, 3) : []),
    [built, problems],
  );
  const create = useApiMutation("createDeploymentSchedules", { onSuccess: onClose });
  const update = useApiMutation("updateDeploymentSchedule", { onSuccess: onClose });
  const saving = create.isPending || update.isPending;
  const shownProblems = spoken ? problems : [];
  const save = () => {
    setSpoken(true);
    if (!("schedule" in built) || problems.length > 0) return;
    const body = { schedule: built.schedule, active: draft.active };
    if (entry) update.mutate({ params: { id: deployment.id, schedule_id: entry.id }, body });
    else create.mutate({ params: { id: deployment.id }, body: [body] });
  };
  return (
    <Dialog
      open={open}
      title={entry ? "Edit schedule" : "Add schedule"}
      onClose={onClose}
      actions={
        <button
          type="button"
          className="primary"
          disabled={shownProblems.length > 0 || saving}
          onClick={save}
        >
          {saving ? "Saving…" : "Save"}
        </button>
      }
    >
      <div className="radio-row" role="radiogroup" aria-label="Kind of schedule">
        {KINDS.map((kind) => (
          <label key={kind.id}>
            <input
              type="radio"
              name="schedule-kind"
              checked={draft.kind === kind.id}
              onChange={() => change({ kind: kind.id })}
            />
            {kind.label}
          </label>
        ))}
      </div>
      {draft.kind === "interval" && (
        <>
          <div className="inline-fields">
            <label className="field">
              <span>Every</span>
              <input
                type="number"
                min={0}
                step="any"
                placeholder="e.g. 5"
                value={draft.every}
                onChange={(e) => change({ every: e.target.value })}
                style={{ width: 120 }}
              />
            </label>
            <label className="field">
              <span>Unit</span>
              <select value={draft.unit} onChange={(e) => change({ unit: Number(e.target.value) })}>
                {UNITS.map((unit) => (
                  <option key={unit.seconds} value={unit.seconds}>
                    {unit.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="field">
            <span>Anchor date (optional)</span>
            <input
              type="datetime-local"
              step={1}
              value={draft.anchor}
              onChange={(e) => change({ anchor: e.target.value })}
              style={{ maxWidth: 260 }}
            />
            <span className="field-help">
              Runs fall on this time plus whole intervals; in your time zone ({BROWSER_ZONE}).
            </span>
          </label>
        </>
      )}
      {draft.kind === "cron" && (
        <>
          <label className="field">
            <span>Cron expression</span>
            <input
              className="mono"
              placeholder="e.g. 0 9 * * 1-5"
              value={draft.cron}
              onChange={(e) => change({ cron: e.target.value })}
              spellCheck={false}
            />
            <span className="field-help">minute hour day-of-month month day-of-week, e.g. 0 9 * * 1-5</span>
          </label>
          <label className="row">
            <input
              type="checkbox"
              checked={draft.dayOr}
              onChange={(e) => change({ dayOr: e.target.checked })}
            />
            <span>Day of month OR day of week (uncheck for AND)</span>
          </label>
        </>
      )}
      {draft.kind === "rrule" && (
        <label className="field">
          <span>Recurrence rule</span>
          <textarea
            className="rrule-input"
            rows={3}
            placeholder="e.g. FREQ=WEEKLY;BYDAY=MO;BYHOUR=9"
            value={draft.rrule}
            onChange={(e) => change({ rrule: e.target.value })}
            spellCheck={false}
          />
          <span className="field-help">RFC 5545, e.g. FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9</span>
        </label>
      )}
      <label className="field">
        <span>Timezone</span>
        <input
          list="schedule-zones"
          value={draft.timezone}
          placeholder="UTC"
          onChange={(e) => change({ timezone: e.target.value })}
        />
        <datalist id="schedule-zones">
          {ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </label>
      <label className="row">
        <input
          type="checkbox"
          checked={draft.active}
          onChange={(e) => change({ active: e.target.checked })}
        />
        <span>Active</span>
      </label>
      {shownProblems.length > 0 ? (
        <div className="field-error" data-testid="schedule-error" role="alert">
          {shownProblems.join("; ")}
        </div>
      ) : (
        "schedule" in built &&
        problems.length === 0 && (
          <div className="schedule-preview" data-testid="schedule-preview">
            <strong>{scheduleWords(built.schedule)}</strong>
            <span className="muted small">Next runs:</span>
            <ol className="small">
              {preview.map((instant) => (
                <li key={instant}>
                  <PreviewTime instant={instant} zone={scheduleZone(built.schedule)} />
                </li>
              ))}
            </ol>
          </div>
        )
      )}
      <ErrorMessage error={create.error ?? update.error} title="Could not save the schedule" />
    </Dialog>
  );
}

/**
 * A next run in the schedule's own zone (the zone its times are written in), and also in the zone
 * every other time on the page follows when the two differ: "Mon, Dec 8, 09:00 CET (08:00 UTC)".
 */
function PreviewTime({ instant, zone }: { instant: number; zone: string }) {
  const setting = useTimeZoneSetting();
  const own = formatInZone(instant, zone);
  const shownZone = intlZone(setting) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const sameOffset = formatInZone(instant, shownZone) === own;
  if (sameOffset) return <>{own}</>;
  return (
    <>
      {own}{" "}
      <span className="muted">({formatDateTimeWithZone(new Date(instant).toISOString(), setting)})</span>
    </>
  );
}
