/**
 * @module The inputs of single values: text, numbers, dates and date-times, checkboxes, choices,
 * and JSON text for what the form cannot draw. Each writes through the form at its path; an
 * emptied input leaves the value out (or null, or "" in a list: see `emptyValue`).
 */
import { type ChangeEvent, useState } from "react";
import { FieldFrame, type FieldPlace, inputAria, useForm } from "./field-frame.js";
import { defaultWords, emptyValue, getAt, isoToLocalInput, localInputToIso } from "./values.js";

function useField(place: FieldPlace) {
  const form = useForm();
  const value = getAt(form.value, place.path);
  const invalid = form.errorsFor(place.path).length > 0;
  const fallback = place.inArray ? undefined : form.defaultFor(place.path);
  const empty = () => emptyValue(place.field, { ...place, defaulted: fallback !== undefined });
  return {
    form,
    value,
    /** The default, as an emptied input's placeholder. */
    placeholder: fallback === undefined ? undefined : defaultWords(fallback.value),
    aria: inputAria(place, invalid),
    className: invalid ? "invalid" : undefined,
    onBlur: () => form.touch(place.path),
    set: (next: unknown) => form.setAt(place.path, next),
    empty,
  };
}

/** A text input; `format: date` gets a date picker. */
export function TextInput({ place }: { place: FieldPlace }) {
  const f = useField(place);
  const date = place.field.format === "date";
  const text =
    typeof f.value === "string" ? f.value : f.value === undefined || f.value === null ? "" : String(f.value);
  return (
    <FieldFrame place={place}>
      <input
        {...f.aria}
        className={f.className}
        type={date ? "date" : "text"}
        placeholder={f.placeholder}
        value={text}
        onBlur={f.onBlur}
        onChange={(event) => f.set(event.target.value === "" ? f.empty() : event.target.value)}
      />
    </FieldFrame>
  );
}

/** `format: date-time`: picked in the browser's zone, stored as a UTC ISO instant. */
export function DateTimeInput({ place }: { place: FieldPlace }) {
  const f = useField(place);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <FieldFrame place={place} extraHelp={`In your time zone (${zone}); sent as UTC`}>
      <input
        {...f.aria}
        className={f.className}
        type="datetime-local"
        step={1}
        value={isoToLocalInput(f.value) ?? ""}
        onBlur={f.onBlur}
        onChange={(event) => f.set(localInputToIso(event.target.value) ?? f.empty())}
      />
    </FieldFrame>
  );
}

/** Numbers and integers; text the browser cannot read as a number is reported here. */
export function NumberInput({ place }: { place: FieldPlace }) {
  const f = useField(place);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    f.form.setInputError(place.path, input.validity.badInput ? "must be a number" : undefined);
    f.set(input.value === "" ? f.empty() : Number(input.value));
  };
  return (
    <FieldFrame place={place}>
      <input
        {...f.aria}
        className={f.className}
        type="number"
        inputMode={place.field.kind === "integer" ? "numeric" : "decimal"}
        step={place.field.kind === "integer" ? 1 : "any"}
        placeholder={f.placeholder}
        value={typeof f.value === "number" ? String(f.value) : ""}
        onBlur={f.onBlur}
        onChange={onChange}
      />
    </FieldFrame>
  );
}

/**
 * A checkbox; a boolean that may be left out (optional, no default) gets a yes / no / unset
 * choice instead, since an unticked box would silently send false.
 */
export function BooleanInput({ place }: { place: FieldPlace }) {
  const f = useField(place);
  const triState = !place.required && !place.field.hasDefault && !place.inArray;
  if (triState) {
    return (
      <FieldFrame place={place}>
        <select
          {...f.aria}
          className={f.className}
          value={f.value === true ? "true" : f.value === false ? "false" : ""}
          onBlur={f.onBlur}
          onChange={(event) => f.set(event.target.value === "" ? f.empty() : event.target.value === "true")}
        >
          <option value="">— not set —</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      </FieldFrame>
    );
  }
  return (
    <FieldFrame place={place} inlineLabel>
      <input
        {...f.aria}
        type="checkbox"
        checked={f.value === true}
        onBlur={f.onBlur}
        onChange={(event) => f.set(event.target.checked)}
      />
    </FieldFrame>
  );
}

/** One of the schema's choices (`enum`, `const`, a union of constants). */
export function EnumInput({ place }: { place: FieldPlace }) {
  const f = useField(place);
  const choices = place.field.choices ?? [];
  const index = choices.findIndex((choice) => JSON.stringify(choice) === JSON.stringify(f.value));
  const unknown = f.value !== undefined && f.value !== null && index < 0;
  return (
    <FieldFrame place={place}>
      <select
        {...f.aria}
        className={f.className}
        value={unknown ? "current" : index >= 0 ? String(index) : ""}
        onBlur={f.onBlur}
        onChange={(event) => {
          const picked = event.target.value;
          if (picked === "current") return;
          f.set(picked === "" ? f.empty() : choices[Number(picked)]);
        }}
      >
        <option value="">— choose —</option>
        {unknown && <option value="current">{JSON.stringify(f.value)} (not allowed)</option>}
        {choices.map((choice, i) => (
          <option key={i} value={String(i)}>
            {typeof choice === "string" ? choice : JSON.stringify(choice)}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Any JSON value as text (free-form objects, unions, tuples); unparsable text is reported here. */
export function JsonInput({ place }: { place: FieldPlace }) {
  const f = useField(place);
  const [text, setText] = useState(() => (f.value === undefined ? "" : JSON.stringify(f.value, null, 2)));
  const onChange = (next: string) => {
    setText(next);
    if (next.trim() === "") {
      f.form.setInputError(place.path, undefined);
      f.set(f.empty());
      return;
    }
    try {
      f.set(JSON.parse(next));
      f.form.setInputError(place.path, undefined);
    } catch (error) {
      f.form.setInputError(place.path, `is not valid JSON: ${(error as Error).message}`);
    }
  };
  return (
    <FieldFrame place={place}>
      <textarea
        {...f.aria}
        className={`sf-json${f.className ? ` ${f.className}` : ""}`}
        rows={Math.min(10, Math.max(2, text.split("\n").length))}
        spellCheck={false}
        placeholder={place.field.schema.type === "object" ? '{"key": "value"}' : "any JSON value"}
        value={text}
        onBlur={f.onBlur}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldFrame>
  );
}
