/** @module The base job template section of the create form: a field per variable, or raw JSON. */
import { type FieldInput, type VariableSpec, variableSpecs } from "./job-template.js";
import type { TemplateEditor } from "./use-template-editor.js";

function VariableInput({
  spec,
  value,
  invalid,
  onChange,
}: {
  spec: VariableSpec;
  value: FieldInput;
  invalid: boolean;
  onChange: (value: FieldInput) => void;
}) {
  const className = invalid ? "invalid" : undefined;
  const text = typeof value === "string" ? value : "";
  switch (spec.kind) {
    case "boolean":
      return <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    case "enum":
      return (
        <select className={className} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">(no default)</option>
          {spec.enumValues.map((option) => (
            <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
              {typeof option === "string" ? option : JSON.stringify(option)}
            </option>
          ))}
        </select>
      );
    case "number":
    case "integer":
      return (
        <input
          className={className}
          type="number"
          step={spec.kind === "integer" ? 1 : "any"}
          value={text}
          placeholder="no default"
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case "json":
      return (
        <textarea
          className={`template-json-field ${className ?? ""}`}
          value={text}
          placeholder={spec.typeLabel.startsWith("array") ? '["…"]' : '{"KEY": "value"}'}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    default:
      return (
        <input
          className={className}
          type="text"
          value={text}
          placeholder="no default"
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

/** The form (or JSON editor) for a pool's base job template. */
export function TemplateEditorView({ editor }: { editor: TemplateEditor }) {
  const specs = variableSpecs(editor.base);
  return (
    <fieldset className="template-editor">
      <legend>Base job template</legend>
      <p className="field-help">
        Defaults of the job variables every run in this pool gets; deployments and runs may override them.
      </p>
      <label className="row template-mode">
        <input
          type="checkbox"
          checked={editor.mode === "json"}
          onChange={(e) => editor.switchMode(e.target.checked ? "json" : "form")}
        />
        <span>Advanced: edit the base job template as JSON</span>
      </label>
      {editor.mode === "json" ? (
        <label className="field">
          <span>Base job template (JSON)</span>
          <textarea
            className={`template-json ${editor.jsonError ? "invalid" : ""}`}
            value={editor.json}
            spellCheck={false}
            onChange={(e) => editor.setJson(e.target.value)}
          />
          {editor.jsonError && <span className="field-error">{editor.jsonError}</span>}
          <span className="field-help">
            <code>job_configuration</code> holds <code>{"{{ placeholders }}"}</code> filled from the job
            variables; <code>variables</code> is the JSON schema of those variables.
          </span>
        </label>
      ) : specs.length === 0 ? (
        <p className="muted">This template has no variables.</p>
      ) : (
        <div className="template-fields">
          {specs.map((spec) => {
            const error = editor.fieldErrors[spec.name];
            return (
              <label
                key={spec.name}
                className={spec.kind === "boolean" ? "field field-inline" : "field"}
                data-variable={spec.name}
              >
                <span>
                  {spec.title} <code className="muted">{spec.name}</code>
                </span>
                <VariableInput
                  spec={spec}
                  value={editor.inputs[spec.name]}
                  invalid={error !== undefined}
                  onChange={(value) => editor.setInput(spec.name, value)}
                />
                {error && <span className="field-error">{error}</span>}
                {spec.description && <span className="field-help">{spec.description}</span>}
              </label>
            );
          })}
        </div>
      )}
    </fieldset>
  );
}
