/**
 * @module A form generated from a JSON schema, with a JSON mode: the same value edited as text.
 * State lives in {@link useSchemaForm}, so the page that owns the form decides when to submit.
 *
 * @example
 * const form = useSchemaForm(schema, defaults);
 * <SchemaFormEditor form={form} />
 * <button onClick={() => form.check() && submit(form.value)}>Run</button>
 */
import type { SchemaFormState } from "./form-state.js";
import { FormContext } from "./field-frame.js";
import { PropertyFields } from "./field-view.js";
import "./schema-form.css";

/** The fields of the form (or the JSON text in JSON mode), with the Form / JSON switch. */
export function SchemaFormEditor({ form, label = "Parameters" }: { form: SchemaFormState; label?: string }) {
  const drawable = form.root.kind === "object";
  return (
    <FormContext.Provider value={form}>
      <div className="sf-form" data-mode={form.mode}>
        {drawable && (
          <div className="sf-modes" role="group" aria-label={`${label} editor`}>
            <button
              type="button"
              className="small"
              aria-pressed={form.mode === "form"}
              onClick={() => form.setMode("form")}
            >
              Form
            </button>
            <button
              type="button"
              className="small"
              aria-pressed={form.mode === "json"}
              onClick={() => form.setMode("json")}
            >
              JSON
            </button>
          </div>
        )}
        {form.mode === "form" ? (
          <div className="sf-fields" key={form.revision}>
            {(form.root.properties ?? []).length === 0 && (
              <div className="muted">This flow takes no parameters.</div>
            )}
            <PropertyFields place={{ field: form.root, path: [] }} />
          </div>
        ) : (
          <JsonMode form={form} label={label} />
        )}
        <IssueList issues={form.unplaced} />
      </div>
    </FormContext.Provider>
  );
}

function JsonMode({ form, label }: { form: SchemaFormState; label: string }) {
  const invalid = form.jsonError !== undefined;
  return (
    <div className="sf-field" data-field="" data-kind="json">
      <label htmlFor="sf-json-mode" className="sf-label-row">
        <span className="sf-name">{label} (JSON)</span>
      </label>
      <textarea
        id="sf-json-mode"
        className={`sf-json${invalid ? " invalid" : ""}`}
        rows={Math.min(24, Math.max(6, form.jsonText.split("\n").length + 1))}
        spellCheck={false}
        value={form.jsonText}
        aria-invalid={invalid || undefined}
        onChange={(event) => form.setJsonText(event.target.value)}
      />
      {invalid && (
        <div className="field-error" data-testid="field-error">
          {form.jsonError}
        </div>
      )}
    </div>
  );
}

/** Problems no field shows (unknown keys, the whole value; every problem in JSON mode). */
function IssueList({ issues }: { issues: SchemaFormState["unplaced"] }) {
  if (issues.length === 0) return null;
  return (
    <ul className="sf-issues" data-testid="form-issues">
      {issues.map((issue, index) => (
        <li key={index} className="field-error">
          {issue.path ? <code>{issue.path}</code> : null}
          {issue.path ? ": " : ""}
          {issue.message}
        </li>
      ))}
    </ul>
  );
}
