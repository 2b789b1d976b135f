/** @module The fields of the actions that call out: call a webhook, send a notification. */
import type { ActionDraft } from "./action-draft.js";
import { Field } from "./form-field.js";

type Problems = Readonly<Record<string, string>>;
type Change = (changes: Partial<ActionDraft>) => void;

/** How templated strings are written, for the help lines. */
export const TEMPLATE_HELP =
  "Strings may use {{ event.payload.… }}, {{ event.resource.id }}, {{ event.resource.name }}.";

/** The text fields of an action draft that hold text (JSON or a template). */
type TextKey = "parameters" | "jobVariables" | "payload" | "headers";

/** A multi-line text field bound to `field` of the draft, with its problem shown under it. */
export function DraftTextArea({
  action,
  problems,
  onChange,
  field,
  label,
  ariaLabel,
  help,
  placeholder,
}: {
  action: ActionDraft;
  problems: Problems;
  onChange: Change;
  field: TextKey;
  label: string;
  ariaLabel: string;
  help?: string;
  placeholder?: string;
}) {
  return (
    <Field label={label} help={help} error={problems[field]}>
      <textarea
        aria-label={ariaLabel}
        rows={4}
        value={action[field]}
        placeholder={placeholder}
        className={problems[field] ? "invalid" : undefined}
        onChange={(event) => onChange({ [field]: event.target.value })}
      />
    </Field>
  );
}

function UrlField({
  action,
  problems,
  onChange,
  label,
}: {
  action: ActionDraft;
  problems: Problems;
  onChange: Change;
  label: string;
}) {
  return (
    <Field label={label} error={problems.url}>
      <input
        aria-label={label}
        type="url"
        value={action.url}
        placeholder="https://example.com/hook"
        className={problems.url ? "invalid" : undefined}
        onChange={(event) => onChange({ url: event.target.value })}
      />
    </Field>
  );
}

/** Method, URL, body and headers of a `call-webhook` action. */
export function WebhookFields({
  action,
  problems,
  onChange,
}: {
  action: ActionDraft;
  problems: Problems;
  onChange: Change;
}) {
  return (
    <div className="stack">
      <div className="row webhook-row">
        <Field label="Method">
          <select
            aria-label="Method"
            value={action.method}
            onChange={(event) => onChange({ method: event.target.value as ActionDraft["method"] })}
          >
            {["POST", "PUT", "PATCH"].map((method) => (
              <option key={method}>{method}</option>
            ))}
          </select>
        </Field>
        <UrlField action={action} problems={problems} onChange={onChange} label="URL" />
      </div>
      <div className="grid grid-2">
        <DraftTextArea
          action={action}
          problems={problems}
          onChange={onChange}
          field="payload"
          label="Body (JSON)"
          ariaLabel="Body"
          help={`Empty: the triggering event. ${TEMPLATE_HELP}`}
        />
        <DraftTextArea
          action={action}
          problems={problems}
          onChange={onChange}
          field="headers"
          label="Headers (JSON)"
          ariaLabel="Headers"
          help='e.g. {"Authorization": "Bearer …"}'
        />
      </div>
    </div>
  );
}

/** Destination, URL, subject and body of a `send-notification` action. */
export function NotificationFields({
  action,
  problems,
  onChange,
}: {
  action: ActionDraft;
  problems: Problems;
  onChange: Change;
}) {
  return (
    <div className="stack">
      <div className="grid grid-2">
        <Field label="Send to">
          <select
            aria-label="Send to"
            value={action.destination}
            onChange={(event) => onChange({ destination: event.target.value as ActionDraft["destination"] })}
          >
            <option value="webhook">A webhook (JSON: subject and body)</option>
            <option value="slack">A Slack incoming webhook</option>
          </select>
        </Field>
        <UrlField action={action} problems={problems} onChange={onChange} label="Webhook URL" />
      </div>
      <Field label="Subject" help={TEMPLATE_HELP}>
        <input
          aria-label="Subject"
          value={action.subject}
          onChange={(event) => onChange({ subject: event.target.value })}
        />
      </Field>
      <Field label="Body">
        <textarea
          aria-label="Notification body"
          rows={3}
          value={action.body}
          onChange={(event) => onChange({ body: event.target.value })}
        />
      </Field>
    </div>
  );
}
