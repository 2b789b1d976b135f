/**
 * @module The state of one schema form: its value, which fields have been visited (errors show
 * after a field is left, or everywhere once submit is tried), problems inputs found themselves
 * (text that is not JSON), and the JSON mode's text. Validation reruns on every change.
 */
import { useCallback, useMemo, useState } from "react";
import { type FieldSchema, readField } from "./schema.js";
import { type FormIssue, placeIssues, validateValue } from "./validate.js";
import { defaultAt, fieldPaths, initialValue, type Path, pathKey, removeAt, setAt } from "./values.js";

/** Form mode: fields drawn from the schema, or the whole value as JSON text. */
export type FormMode = "form" | "json";

/** What {@link useSchemaForm} returns; pass it to `SchemaFormEditor`. */
export interface SchemaFormState {
  /** The schema (null: none, any JSON object is accepted). */
  readonly schema: Record<string, unknown> | null;
  readonly root: FieldSchema;
  readonly value: Record<string, unknown>;
  /** Changes whenever the value is replaced as a whole, so inputs holding their own text reset. */
  readonly revision: number;
  readonly mode: FormMode;
  readonly jsonText: string;
  /** Why the JSON text is not usable (does not parse, or is not an object). */
  readonly jsonError: string | undefined;
  /** Every problem of the value, for the JSON mode's list. */
  readonly issues: readonly FormIssue[];
  /** Problems to list under the form: those no drawn field owns, or all of them in JSON mode. */
  readonly unplaced: readonly FormIssue[];
  /** True when the value can be submitted. */
  readonly valid: boolean;
  /** What the field at `path` becomes when left out (see `defaultAt`), if anything. */
  defaultFor(path: Path): { value: unknown } | undefined;
  setAt(path: Path, value: unknown): void;
  removeAt(path: Path): void;
  setInputError(path: Path, message: string | undefined): void;
  touch(path: Path): void;
  /** The messages to show on a field now (empty until it is visited or submit is tried). */
  errorsFor(path: Path): readonly string[];
  setMode(mode: FormMode): void;
  setJsonText(text: string): void;
  /** Shows every error; true when the value is valid (call before submitting). */
  check(): boolean;
}

const ANY_OBJECT: Record<string, unknown> = { type: "object" };
// One empty object, so a form without fallbacks does not revalidate on every render.
const NO_FALLBACK: Record<string, unknown> = {};

function parseObject(text: string): { value?: Record<string, unknown>; error?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { error: 'Must be a JSON object, like {"name": "value"}' };
  }
  return { value: parsed as Record<string, unknown> };
}

/**
 * Form state for `schema`, starting from its defaults overridden by `given`. `fallback` holds the
 * top-level values the server fills in for keys a request leaves out (a deployment's parameters):
 * the value is validated as the server will see it, so clearing such a field means "use the
 * default" rather than "missing".
 *
 * @example
 * const form = useSchemaForm(deployment.parameter_openapi_schema, deployment.parameters, deployment.parameters);
 * if (form.check()) submit(form.value);
 */
export function useSchemaForm(
  schema: Record<string, unknown> | null,
  given: Record<string, unknown> = {},
  fallback: Record<string, unknown> = NO_FALLBACK,
): SchemaFormState {
  const root = useMemo(() => readField(schema ?? ANY_OBJECT), [schema]);
  const [value, setValue] = useState(() => initialValue(root, given));
  const drawable = root.kind === "object";
  const [revision, setRevision] = useState(0);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [inputErrors, setInputErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [mode, setModeState] = useState<FormMode>(drawable ? "form" : "json");
  const [jsonText, setJsonTextState] = useState(() => (drawable ? "" : JSON.stringify(value, null, 2)));
  const [jsonError, setJsonError] = useState<string | undefined>();

  const issues = useMemo(
    () => (schema ? validateValue(schema, { ...fallback, ...value }) : []),
    [schema, fallback, value],
  );
  const placed = useMemo(() => placeIssues(issues, new Set(fieldPaths(root, value))), [issues, root, value]);

  const visible = useCallback(
    (key: string) => showAll || [...touched].some((t) => t === key || t.startsWith(`${key}.`)),
    [showAll, touched],
  );

  const state: SchemaFormState = {
    schema,
    root,
    value,
    revision,
    mode,
    jsonText,
    jsonError,
    issues,
    unplaced: mode === "json" ? issues : showAll ? placed.unplaced : [],
    // In JSON mode the text is the whole value: problems the fields' own inputs held do not apply.
    valid: issues.length === 0 && (mode === "form" ? inputErrors.size === 0 : jsonError === undefined),
    defaultFor: (path) => defaultAt(root, path, fallback),
    setAt: (path, next) => setValue((current) => setAt(current, path, next) as Record<string, unknown>),
    removeAt: (path) => {
      const key = pathKey(path.slice(0, -1));
      // Items after the removed one move up: problems their inputs held no longer apply.
      setInputErrors((current) => new Map([...current].filter(([k]) => !k.startsWith(`${key}.`))));
      setValue((current) => removeAt(current, path) as Record<string, unknown>);
      setRevision((r) => r + 1);
    },
    setInputError: (path, message) =>
      setInputErrors((current) => {
        const key = pathKey(path);
        if (current.get(key) === message) return current;
        const next = new Map(current);
        if (message === undefined) next.delete(key);
        else next.set(key, message);
        return next;
      }),
    touch: (path) =>
      setTouched((current) => (current.has(pathKey(path)) ? current : new Set([...current, pathKey(path)]))),
    errorsFor: (path) => {
      const key = pathKey(path);
      if (!visible(key)) return [];
      const own = inputErrors.get(key);
      return own !== undefined ? [own] : (placed.byField.get(key) ?? []);
    },
    setMode: (next) => {
      if (next === mode || (next === "form" && !drawable)) return;
      if (next === "json") {
        setJsonTextState(JSON.stringify(value, null, 2));
        setJsonError(undefined);
        setModeState("json");
        return;
      }
      // Back to the fields: only with JSON they can show; the error says what to fix.
      const parsed = parseObject(jsonText);
      if (parsed.error !== undefined) {
        setJsonError(parsed.error);
        return;
      }
      setInputErrors(new Map());
      setRevision((r) => r + 1);
      setModeState("form");
    },
    setJsonText: (text) => {
      setJsonTextState(text);
      const parsed = parseObject(text);
      setJsonError(parsed.error);
      if (parsed.value) setValue(parsed.value);
    },
    check: () => {
      setShowAll(true);
      return state.valid;
    },
  };
  return state;
}
