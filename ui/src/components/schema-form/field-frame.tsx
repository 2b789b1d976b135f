/**
 * @module The frame around every input of a schema form: a real `<label>` whose accessible name is
 * exactly the field's name (so `getByLabel("count", { exact: true })` finds it), the type, the
 * help text and the field's errors (`data-testid="field-error"`).
 */
import { createContext, type ReactNode, useContext } from "react";
import type { SchemaFormState } from "./form-state.js";
import { type FieldSchema, limitsHint, typeLabel } from "./schema.js";
import { defaultWords } from "./values.js";

/** The form every field of a `SchemaForm` edits. */
export const FormContext = createContext<SchemaFormState | null>(null);

/** The form this field belongs to. */
export function useForm(): SchemaFormState {
  const form = useContext(FormContext);
  if (!form) throw new Error("schema-form fields must be drawn inside <SchemaForm>");
  return form;
}

/** What a field's input needs to know about where it is. */
export interface FieldPlace {
  readonly field: FieldSchema;
  readonly path: readonly (string | number)[];
  /** The label: the property name, or `items[2]` for an array item. */
  readonly name: string;
  readonly required: boolean;
  readonly inArray: boolean;
}

/** Ids tying a label, its input, help and error together. */
export function fieldIds(path: readonly (string | number)[]) {
  const base = `sf-${path.map((part) => String(part).replace(/[^\w-]/g, "_")).join("__") || "root"}`;
  return { input: base, help: `${base}-help`, error: `${base}-error` };
}

/** The help line: the schema's title and description, and its limits. */
function helpText(field: FieldSchema): string[] {
  const parts: string[] = [];
  if (field.title) parts.push(field.title);
  if (field.description && field.description !== field.title) parts.push(field.description);
  const limits = limitsHint(field);
  if (limits) parts.push(limits);
  return parts;
}

/** The messages under a field. */
export function FieldErrors({ messages, id }: { messages: readonly string[]; id: string }) {
  if (messages.length === 0) return null;
  return (
    <div className="field-error" data-testid="field-error" id={id}>
      {messages.join("; ")}
    </div>
  );
}

/**
 * A field with its label above the input. `inlineLabel` draws the label around the input
 * instead (checkboxes). `extraHelp` adds a line under the schema's own help.
 */
export function FieldFrame({
  place,
  children,
  inlineLabel,
  extraHelp,
}: {
  place: FieldPlace;
  children: ReactNode;
  inlineLabel?: boolean;
  extraHelp?: string;
}) {
  const form = useForm();
  const ids = fieldIds(place.path);
  const errors = form.errorsFor(place.path);
  const fallback = place.inArray ? undefined : form.defaultFor(place.path);
  const help = [
    ...helpText(place.field),
    ...(extraHelp ? [extraHelp] : []),
    ...(fallback ? [`Default: ${defaultWords(fallback.value)} (used when left empty)`] : []),
  ];
  const name = (
    <span
      className={`sf-name${place.required ? " sf-required" : ""}`}
      title={place.required ? "required" : undefined}
    >
      {place.name}
    </span>
  );
  return (
    <div
      className={`sf-field${errors.length > 0 ? " sf-invalid" : ""}`}
      data-field={place.path.join(".")}
      data-kind={place.field.kind}
    >
      {inlineLabel ? (
        <div className="sf-label-row">
          <label className="sf-inline-label">
            {children}
            {name}
          </label>
          <span className="sf-type">{typeLabel(place.field)}</span>
        </div>
      ) : (
        <>
          <div className="sf-label-row">
            <label htmlFor={ids.input}>{name}</label>
            <span className="sf-type">{typeLabel(place.field)}</span>
          </div>
          {children}
        </>
      )}
      {help.length > 0 && (
        <div className="field-help" id={ids.help}>
          {help.join(" · ")}
        </div>
      )}
      <FieldErrors messages={errors} id={ids.error} />
    </div>
  );
}

/** aria attributes an input of this field carries. */
export function inputAria(place: FieldPlace, invalid: boolean) {
  const ids = fieldIds(place.path);
  return {
    id: ids.input,
    "aria-required": place.required || undefined,
    "aria-invalid": invalid || undefined,
    "aria-describedby": `${ids.help} ${ids.error}`,
  };
}
