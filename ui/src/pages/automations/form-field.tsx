/** @module Small pieces of the automation form: a labelled field with help and error, and pickers. */
import type { ReactNode } from "react";
import { useApi } from "../../api/client.js";

/** A label over its control, with help below and the field's problem in red. */
export function Field({
  label,
  help,
  error,
  children,
}: {
  label: string;
  help?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : (
        help && <span className="field-help">{help}</span>
      )}
    </label>
  );
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

/** The options of a picker: deployments, flows, work pools or automations (by id, or pools by name). */
export function usePickerOptions(
  kind: "deployment" | "flow" | "pool" | "pool-name" | "automation",
): Option[] {
  const deployments = useApi(
    "filterDeployments",
    { body: { limit: 200 } },
    { enabled: kind === "deployment" },
  );
  const flows = useApi("filterFlows", { body: { limit: 200 } }, { enabled: kind === "flow" });
  const pools = useApi("filterWorkPools", { body: {} }, { enabled: kind === "pool" || kind === "pool-name" });
  const automations = useApi("filterAutomations", { body: {} }, { enabled: kind === "automation" });
  switch (kind) {
    case "deployment":
      return (deployments.data ?? []).map((d) => ({ value: d.id, label: `${d.flow_name}/${d.name}` }));
    case "flow":
      return (flows.data ?? []).map((f) => ({ value: f.id, label: f.name }));
    case "pool":
      return (pools.data ?? []).map((p) => ({ value: p.id, label: p.name }));
    case "pool-name":
      return (pools.data ?? []).map((p) => ({ value: p.name, label: p.name }));
    case "automation":
      return (automations.data ?? []).map((a) => ({ value: a.id, label: a.name }));
  }
}

/** A `<select multiple>`; nothing chosen means "any". Values not (or no longer) listed stay shown. */
export function MultiPicker({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly Option[];
  value: readonly string[];
  onChange: (value: string[]) => void;
}) {
  const known = new Set(options.map((option) => option.value));
  const all = [...options, ...value.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }))];
  return (
    <select
      multiple
      aria-label={label}
      value={[...value]}
      size={Math.min(6, Math.max(3, all.length))}
      onChange={(event) => onChange([...event.target.selectedOptions].map((option) => option.value))}
    >
      {all.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** A single choice with an empty first option. */
export function Picker({
  label,
  options,
  value,
  empty,
  invalid,
  onChange,
}: {
  label: string;
  options: readonly Option[];
  value: string;
  empty: string;
  invalid?: boolean;
  onChange: (value: string) => void;
}) {
  const listed = value === "" || options.some((option) => option.value === value);
  return (
    <select
      aria-label={label}
      value={value}
      className={invalid ? "invalid" : undefined}
      onChange={(event) => onChange(event.target.value)}
    >
      <option value="">{empty}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
      {!listed && <option value={value}>{value}</option>}
    </select>
  );
}
