/**
 * @module Draws one field of a schema form by its kind: nested objects as fieldsets, arrays as
 * lists of item fields with add / remove, everything else through the inputs in inputs.tsx.
 */
import { FieldErrors, type FieldPlace, fieldIds, useForm } from "./field-frame.js";
import { BooleanInput, DateTimeInput, EnumInput, JsonInput, NumberInput, TextInput } from "./inputs.js";
import { typeLabel } from "./schema.js";
import { getAt, newItem } from "./values.js";

/** The field at `place`, whatever its kind. */
export function FieldView({ place }: { place: FieldPlace }) {
  switch (place.field.kind) {
    case "object":
      return <ObjectField place={place} />;
    case "array":
      return <ArrayField place={place} />;
    case "string":
      return place.field.format === "date-time" ? (
        <DateTimeInput place={place} />
      ) : (
        <TextInput place={place} />
      );
    case "number":
    case "integer":
      return <NumberInput place={place} />;
    case "boolean":
      return <BooleanInput place={place} />;
    case "enum":
      return <EnumInput place={place} />;
    default:
      return <JsonInput place={place} />;
  }
}

/** The fields of an object's properties, in schema order. */
export function PropertyFields({ place }: { place: Pick<FieldPlace, "field" | "path"> }) {
  return (
    <>
      {(place.field.properties ?? []).map((property) => (
        <FieldView
          key={property.name}
          place={{
            field: property.field,
            path: [...place.path, property.name],
            name: property.name,
            required: property.required,
            inArray: false,
          }}
        />
      ))}
    </>
  );
}

function Legend({ place }: { place: FieldPlace }) {
  return (
    <legend>
      <span
        className={`sf-name${place.required ? " sf-required" : ""}`}
        title={place.required ? "required" : undefined}
      >
        {place.name}
      </span>
      <span className="sf-type">{typeLabel(place.field)}</span>
    </legend>
  );
}

function Help({ place }: { place: FieldPlace }) {
  const text = [place.field.title, place.field.description].filter(Boolean).join(" · ");
  return text ? <div className="field-help">{text}</div> : null;
}

/** A nested object: a fieldset of its properties. */
function ObjectField({ place }: { place: FieldPlace }) {
  const form = useForm();
  return (
    <fieldset className="sf-group" data-field={place.path.join(".")} data-kind="object">
      <Legend place={place} />
      <Help place={place} />
      <PropertyFields place={place} />
      <FieldErrors messages={form.errorsFor(place.path)} id={fieldIds(place.path).error} />
    </fieldset>
  );
}

/** A list: one field per item, each removable, and a button to add one. */
function ArrayField({ place }: { place: FieldPlace }) {
  const form = useForm();
  const list = getAt(form.value, place.path);
  const items = Array.isArray(list) ? list : [];
  const itemField = place.field.items;
  const add = () => {
    form.setAt([...place.path, items.length], newItem(itemField));
    form.touch(place.path);
  };
  return (
    <fieldset className="sf-group sf-array" data-field={place.path.join(".")} data-kind="array">
      <Legend place={place} />
      <Help place={place} />
      {items.length === 0 && <div className="muted small">No items.</div>}
      {itemField &&
        items.map((_, index) => (
          <div className="sf-item" key={`${form.revision}-${index}`}>
            <div className="sf-item-field">
              <FieldView
                place={{
                  field: itemField,
                  path: [...place.path, index],
                  name: `${place.name}[${index}]`,
                  required: true,
                  inArray: true,
                }}
              />
            </div>
            <button
              type="button"
              className="small ghost"
              aria-label={`Remove ${place.name}[${index}]`}
              title="Remove this item"
              onClick={() => {
                form.removeAt([...place.path, index]);
                form.touch(place.path);
              }}
            >
              ✕
            </button>
          </div>
        ))}
      <div>
        <button type="button" className="small" onClick={add} aria-label={`Add item to ${place.name}`}>
          + Add item
        </button>
      </div>
      <FieldErrors messages={form.errorsFor(place.path)} id={fieldIds(place.path).error} />
    </fieldset>
  );
}
