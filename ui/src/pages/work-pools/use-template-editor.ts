/**
 * @module The state of the base-job-template editor: a form over the variables' defaults, or (in
 * advanced mode) the whole template as JSON. Switching mode carries the edits across.
 */
import { useCallback, useState } from "react";
import type { BaseJobTemplate } from "../../../../src/api/work-pools.js";
import { applyInputs, type FieldInput, initialInputs, parseTemplateJson } from "./job-template.js";

/** What {@link useTemplateEditor} returns. */
export interface TemplateEditor {
  readonly mode: "form" | "json";
  /** The template the form edits (its variables define the fields). */
  readonly base: BaseJobTemplate;
  readonly inputs: Readonly<Record<string, FieldInput>>;
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly json: string;
  readonly jsonError: string | null;
  setInput(name: string, value: FieldInput): void;
  setJson(text: string): void;
  /** Switches mode; stays put (showing why) when the current edits do not parse. */
  switchMode(mode: "form" | "json"): void;
  /** Starts over from another template (a new worker type). */
  reset(template: BaseJobTemplate): void;
  /** The edited template, or null after showing what is wrong. */
  result(): BaseJobTemplate | null;
}

const pretty = (template: BaseJobTemplate) => JSON.stringify(template, null, 2);

/** Editor state starting from `initial`. */
export function useTemplateEditor(initial: BaseJobTemplate): TemplateEditor {
  const [mode, setMode] = useState<"form" | "json">("form");
  const [base, setBase] = useState(initial);
  const [inputs, setInputs] = useState(() => initialInputs(initial));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [json, setJsonText] = useState(() => pretty(initial));
  const [jsonError, setJsonError] = useState<string | null>(null);

  const fromForm = useCallback((): BaseJobTemplate | null => {
    const applied = applyInputs(base, inputs);
    if ("errors" in applied) {
      setFieldErrors(applied.errors);
      return null;
    }
    setFieldErrors({});
    return applied.template;
  }, [base, inputs]);

  const fromJson = useCallback((): BaseJobTemplate | null => {
    const parsed = parseTemplateJson(json);
    if ("error" in parsed) {
      setJsonError(parsed.error);
      return null;
    }
    setJsonError(null);
    return parsed.template;
  }, [json]);

  return {
    mode,
    base,
    inputs,
    fieldErrors,
    json,
    jsonError,
    setInput: (name, value) => {
      setInputs((current) => ({ ...current, [name]: value }));
      setFieldErrors(({ [name]: _, ...rest }) => rest);
    },
    setJson: (text) => {
      setJsonText(text);
      setJsonError(null);
    },
    switchMode: (next) => {
      if (next === mode) return;
      const template = mode === "form" ? fromForm() : fromJson();
      if (!template) return;
      if (next === "json") setJsonText(pretty(template));
      else {
        setBase(template);
        setInputs(initialInputs(template));
      }
      setMode(next);
    },
    reset: (template) => {
      setBase(template);
      setInputs(initialInputs(template));
      setJsonText(pretty(template));
      setFieldErrors({});
      setJsonError(null);
    },
    result: () => (mode === "form" ? fromForm() : fromJson()),
  };
}
