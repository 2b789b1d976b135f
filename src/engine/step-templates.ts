/** Outputs of earlier pull steps, by step id: `{ "clone-step": { directory: "/tmp/…/repo" } }`. */
export type StepOutputs = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

const REFERENCE = /\{\{\s*([\w-]+)\.([\w-]+)\s*\}\}/g;

/**
 * Fills `{{ step-id.key }}` references to earlier steps' outputs in every string of a step's
 * arguments. References to unknown steps are left as written, so a script that contains `{{ }}`
 * for its own purposes is not mangled.
 */
export function resolveStepReferences<T>(value: T, outputs: StepOutputs): T {
  if (typeof value === "string") {
    return value.replace(REFERENCE, (whole, id: string, key: string) => {
      const output = outputs[id]?.[key];
      return output === undefined ? whole : String(output);
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => resolveStepReferences(item, outputs)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveStepReferences(item, outputs)]),
    ) as T;
  }
  return value;
}
