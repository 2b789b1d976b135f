/** @module The guided form's actions: a list of actions, each a type and that type's fields. */
import { ACTION_TYPES, type ActionDraft, newActionDraft, STATE_TYPES } from "./action-draft.js";
import { DraftTextArea, NotificationFields, TEMPLATE_HELP, WebhookFields } from "./action-call-fields.js";
import { Field, Picker, usePickerOptions } from "./form-field.js";

type Problems = Readonly<Record<string, string>>;
type Change = (changes: Partial<ActionDraft>) => void;

/** Every action with add / remove; `problems[i]` are the i-th action's field problems. */
export function ActionList({
  actions,
  problems,
  onChange,
}: {
  actions: readonly ActionDraft[];
  problems: readonly Problems[];
  onChange: (actions: ActionDraft[]) => void;
}) {
  const update = (index: number, changes: Partial<ActionDraft>) =>
    onChange(actions.map((action, i) => (i === index ? { ...action, ...changes } : action)));
  return (
    <div className="stack" data-testid="action-list">
      {actions.map((action, index) => (
        <div key={index} className="action-item" data-action-index={index}>
          <div className="row">
            <strong>Action {index + 1}</strong>
            <span className="spacer" />
            {actions.length > 1 && (
              <button
                type="button"
                className="small ghost"
                onClick={() => onChange(actions.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            )}
          </div>
          <ActionFields action={action} problems={problems[index] ?? {}} onChange={(c) => update(index, c)} />
        </div>
      ))}
      <div>
        <button type="button" className="small" onClick={() => onChange([...actions, newActionDraft()])}>
          + Add action
        </button>
      </div>
    </div>
  );
}

function ActionFields({
  action,
  problems,
  onChange,
}: {
  action: ActionDraft;
  problems: Problems;
  onChange: Change;
}) {
  const targeted = /-(deployment|work-pool|work-queue|automation)$/.test(action.type);
  return (
    <div className="stack">
      <Field label="Action">
        <select
          aria-label="Action type"
          value={action.type}
          onChange={(event) => onChange({ type: event.target.value as ActionDraft["type"] })}
        >
          {ACTION_TYPES.map((type) => (
            <option key={type.id} value={type.id}>
              {type.label}
            </option>
          ))}
        </select>
      </Field>
      {targeted && <TargetFields action={action} problems={problems} onChange={onChange} />}
      {action.type === "run-deployment" && (
        <RunFields action={action} problems={problems} onChange={onChange} />
      )}
      {action.type === "change-flow-run-state" && <StateFields action={action} onChange={onChange} />}
      {action.type === "call-webhook" && (
        <WebhookFields action={action} problems={problems} onChange={onChange} />
      )}
      {action.type === "send-notification" && (
        <NotificationFields action={action} problems={problems} onChange={onChange} />
      )}
      {/-flow-run$/.test(action.type) && (
        <p className="field-help">Acts on the flow run the triggering event is about.</p>
      )}
    </div>
  );
}

/** The picker of a chosen target, by the kind of thing the action acts on. */
const TARGET_PICKERS: Readonly<
  Record<string, { label: string; field: "deploymentId" | "automationId" | "poolName" } | undefined>
> = {
  deployment: { label: "Deployment", field: "deploymentId" },
  automation: { label: "Automation", field: "automationId" },
  "work-pool": { label: "Work pool", field: "poolName" },
  "work-queue": { label: "Work pool", field: "poolName" },
};

/** Which deployment / pool / queue / automation: chosen here, or the one the event is about. */
function TargetFields({
  action,
  problems,
  onChange,
}: {
  action: ActionDraft;
  problems: Problems;
  onChange: Change;
}) {
  const kind = action.type.replace(/^(run|pause|resume)-/, "");
  const options = usePickerOptions(
    kind === "deployment" ? "deployment" : kind === "automation" ? "automation" : "pool-name",
  );
  const selected = action.source === "selected";
  const target = TARGET_PICKERS[kind];
  return (
    <div className="grid grid-3">
      <Field label="Target">
        <select
          aria-label="Target"
          value={action.source}
          onChange={(event) => onChange({ source: event.target.value as ActionDraft["source"] })}
        >
          <option value="selected">Chosen here</option>
          <option value="inferred">The one the event is about</option>
        </select>
      </Field>
      {selected && target !== undefined && (
        <Field label={target.label} error={problems[target.field]}>
          <Picker
            label={target.label}
            options={options}
            value={action[target.field]}
            empty="Choose…"
            invalid={Boolean(problems[target.field])}
            onChange={(value) => onChange({ [target.field]: value })}
          />
        </Field>
      )}
      {selected && kind === "work-queue" && (
        <Field label="Queue name" error={problems.queueName}>
          <input
            aria-label="Queue name"
            value={action.queueName}
            placeholder="default"
            onChange={(event) => onChange({ queueName: event.target.value })}
          />
        </Field>
      )}
    </div>
  );
}

function RunFields({
  action,
  problems,
  onChange,
}: {
  action: ActionDraft;
  problems: Problems;
  onChange: Change;
}) {
  return (
    <div className="grid grid-2">
      <DraftTextArea
        action={action}
        problems={problems}
        onChange={onChange}
        field="parameters"
        label="Parameters (JSON)"
        ariaLabel="Parameters"
        help={`Empty: the deployment's defaults. ${TEMPLATE_HELP}`}
        placeholder='{"name": "{{ event.payload.name }}"}'
      />
      <DraftTextArea
        action={action}
        problems={problems}
        onChange={onChange}
        field="jobVariables"
        label="Job variables (JSON)"
        ariaLabel="Job variables"
        help="Empty: the deployment's."
      />
    </div>
  );
}

function StateFields({ action, onChange }: { action: ActionDraft; onChange: Change }) {
  return (
    <div className="grid grid-3">
      <Field label="New state">
        <select
          aria-label="New state"
          value={action.state}
          onChange={(event) => onChange({ state: event.target.value as ActionDraft["state"] })}
        >
          {STATE_TYPES.map((state) => (
            <option key={state} value={state}>
              {state.charAt(0) + state.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </Field>
      <Field label="State name" help="Optional, e.g. Skipped.">
        <input
          aria-label="State name"
          value={action.stateName}
          onChange={(event) => onChange({ stateName: event.target.value })}
        />
      </Field>
      <Field label="Message" help="Optional.">
        <input
          aria-label="Message"
          value={action.message}
          onChange={(event) => onChange({ message: event.target.value })}
        />
      </Field>
    </div>
  );
}
