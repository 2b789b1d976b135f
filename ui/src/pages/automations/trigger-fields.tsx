/** @module The guided form's trigger section: pick a kind, then fill in that kind's few fields. */
import { Field, MultiPicker, Picker, usePickerOptions } from "./form-field.js";
import { FLOW_RUN_STATES, STATUSES, TRIGGER_KINDS, type TriggerDraft } from "./trigger-draft.js";

type Change = (changes: Partial<TriggerDraft>) => void;

const STATUS_LABELS: Record<string, string> = { ready: "Ready", "not-ready": "Not ready", paused: "Paused" };

/** Kind radio buttons and the chosen kind's fields; `problems` are keyed by draft field. */
export function TriggerFields({
  draft,
  problems,
  onChange,
}: {
  draft: TriggerDraft;
  problems: Readonly<Record<string, string>>;
  onChange: Change;
}) {
  return (
    <div className="stack" data-testid="trigger-fields">
      <div className="kind-picker" role="radiogroup" aria-label="Trigger type">
        {TRIGGER_KINDS.map((kind) => (
          <label key={kind.id} className={`kind-option${draft.kind === kind.id ? " selected" : ""}`}>
            <input
              type="radio"
              name="trigger-kind"
              value={kind.id}
              checked={draft.kind === kind.id}
              onChange={() => onChange({ kind: kind.id })}
            />
            {kind.label}
          </label>
        ))}
      </div>
      {draft.kind === "flow-run-state" && (
        <FlowRunFields draft={draft} problems={problems} onChange={onChange} />
      )}
      {(draft.kind === "deployment-status" || draft.kind === "work-pool-status") && (
        <StatusFields draft={draft} onChange={onChange} />
      )}
      {draft.kind === "work-queue-status" && <QueueFields draft={draft} onChange={onChange} />}
      {draft.kind === "custom" && <CustomFields draft={draft} problems={problems} onChange={onChange} />}
    </div>
  );
}

function FlowRunFields({
  draft,
  problems,
  onChange,
}: {
  draft: TriggerDraft;
  problems: Readonly<Record<string, string>>;
  onChange: Change;
}) {
  const flows = usePickerOptions("flow");
  const deployments = usePickerOptions("deployment");
  const toggle = (state: string) =>
    onChange({
      states: draft.states.includes(state)
        ? draft.states.filter((s) => s !== state)
        : [...draft.states, state],
    });
  return (
    <>
      <fieldset className="plain-fieldset">
        <legend>When a flow run enters</legend>
        <div className="check-grid">
          {FLOW_RUN_STATES.map((state) => (
            <label key={state} className="check">
              <input type="checkbox" checked={draft.states.includes(state)} onChange={() => toggle(state)} />
              {state}
            </label>
          ))}
        </div>
        {problems.states && <span className="field-error">{problems.states}</span>}
      </fieldset>
      <div className="grid grid-3">
        <Field label="Flows" help="None chosen: runs of any flow.">
          <MultiPicker
            label="Flows"
            options={flows}
            value={draft.flowIds}
            onChange={(flowIds) => onChange({ flowIds })}
          />
        </Field>
        <Field label="Deployments" help="None chosen: any deployment (or none).">
          <MultiPicker
            label="Deployments"
            options={deployments}
            value={draft.deploymentIds}
            onChange={(deploymentIds) => onChange({ deploymentIds })}
          />
        </Field>
        <Field label="Tags" help="Comma-separated; empty: any tags.">
          <input
            aria-label="Tags"
            value={draft.tags}
            onChange={(event) => onChange({ tags: event.target.value })}
          />
        </Field>
      </div>
    </>
  );
}

function StatusSelect({ draft, onChange }: { draft: TriggerDraft; onChange: Change }) {
  const statuses = draft.kind === "custom" || draft.kind === "flow-run-state" ? [] : STATUSES[draft.kind];
  return (
    <Field label="Status">
      <select
        aria-label="Status"
        value={draft.status}
        onChange={(event) => onChange({ status: event.target.value })}
      >
        {statuses.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABELS[status] ?? status}
          </option>
        ))}
      </select>
    </Field>
  );
}

function StatusFields({ draft, onChange }: { draft: TriggerDraft; onChange: Change }) {
  const deployment = draft.kind === "deployment-status";
  const options = usePickerOptions(deployment ? "deployment" : "pool");
  const label = deployment ? "Deployments" : "Work pools";
  return (
    <div className="grid grid-3">
      <Field label={label} help={`None chosen: any ${deployment ? "deployment" : "work pool"}.`}>
        <MultiPicker
          label={label}
          options={options}
          value={draft.resourceIds}
          onChange={(resourceIds) => onChange({ resourceIds })}
        />
      </Field>
      <StatusSelect draft={draft} onChange={onChange} />
    </div>
  );
}

function QueueFields({ draft, onChange }: { draft: TriggerDraft; onChange: Change }) {
  const pools = usePickerOptions("pool");
  return (
    <div className="grid grid-3">
      <Field label="Work pool">
        <Picker
          label="Work pool"
          options={pools}
          value={draft.poolId}
          empty="Any work pool"
          onChange={(poolId) => onChange({ poolId })}
        />
      </Field>
      <Field label="Queue name" help="Empty: any queue.">
        <input
          aria-label="Queue name"
          value={draft.queueName}
          placeholder="default"
          onChange={(event) => onChange({ queueName: event.target.value })}
        />
      </Field>
      <StatusSelect draft={draft} onChange={onChange} />
    </div>
  );
}

function CustomFields({
  draft,
  problems,
  onChange,
}: {
  draft: TriggerDraft;
  problems: Readonly<Record<string, string>>;
  onChange: Change;
}) {
  const text = (field: "eventNames" | "resourceId" | "relatedId" | "after" | "threshold" | "within") => ({
    value: draft[field],
    className: problems[field] ? "invalid" : undefined,
    onChange: (event: { target: { value: string } }) => onChange({ [field]: event.target.value }),
  });
  return (
    <div className="stack">
      <Field
        label="Event names"
        help="Comma-separated; * is a wildcard, e.g. my.app.heartbeat, steward.flow-run.*. Empty: any event."
        error={problems.eventNames}
      >
        <input aria-label="Event names" placeholder="my.app.heartbeat" {...text("eventNames")} />
      </Field>
      <div className="grid grid-2">
        <Field label="Resource id" help="The event's resource; * is a wildcard. Empty: any resource.">
          <input aria-label="Resource id" placeholder="my.app.*" {...text("resourceId")} />
        </Field>
        <Field label="Related resource id" help="One of its related resources; empty: any.">
          <input aria-label="Related resource id" {...text("relatedId")} />
        </Field>
      </div>
      <fieldset className="plain-fieldset">
        <legend>Posture</legend>
        <div className="row">
          {(["Reactive", "Proactive"] as const).map((posture) => (
            <label key={posture} className="check">
              <input
                type="radio"
                name="posture"
                checked={draft.posture === posture}
                onChange={() => onChange({ posture })}
              />
              {posture === "Reactive"
                ? "Reactive: fire when the events happen"
                : "Proactive: fire when they do not"}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-3">
        <Field label="Threshold" help="How many events." error={problems.threshold}>
          <input aria-label="Threshold" type="number" min={1} {...text("threshold")} />
        </Field>
        <Field
          label="Within"
          help={
            draft.posture === "Proactive"
              ? "The window, at least 10s (e.g. 10m)."
              : "Seconds or e.g. 5m; 0: no window."
          }
          error={problems.within}
        >
          <input aria-label="Within" {...text("within")} />
        </Field>
        <Field label="After" help="Events that must come first (comma-separated); optional.">
          <input aria-label="After" {...text("after")} />
        </Field>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.perResource}
          onChange={(event) => onChange({ perResource: event.target.checked })}
        />
        Count each resource separately
      </label>
    </div>
  );
}
