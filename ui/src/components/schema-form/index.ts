/**
 * @module Forms generated from JSON schemas (a deployment's parameters, a pool's job variables):
 * the state hook, the editor, and the pure pieces for tables and tests.
 */
export { type FormMode, type SchemaFormState, useSchemaForm } from "./form-state.js";
export { SchemaFormEditor } from "./schema-form.js";
export {
  type FieldKind,
  type FieldSchema,
  type JsonSchema,
  limitsHint,
  type PropertyField,
  readField,
  typeLabel,
} from "./schema.js";
export { type FormIssue, placeIssues, validateValue } from "./validate.js";
export {
  defaultAt,
  defaultValue,
  defaultWords,
  initialValue,
  isoToLocalInput,
  localInputToIso,
  pathKey,
} from "./values.js";
