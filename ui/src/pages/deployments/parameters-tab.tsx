/**
 * @module The Parameters tab: each parameter of the flow's schema as a row (nested objects as
 * `target.host`), with the value runs get by default (the deployment's, else the schema's).
 */
import type { Deployment } from "../../../../src/api/deployments.js";
import { JsonView } from "../../components/code.js";
import { EmptyState } from "../../components/messages.js";
import { type FieldSchema, limitsHint, readField, typeLabel } from "../../components/schema-form/index.js";
import { Card } from "../../components/tabs.js";
import { TableScroll } from "../../components/table-scroll.js";

/** One row of the table. */
export interface ParameterRow {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
  /** The default runs get: "deployment", "schema" or none. */
  readonly source?: "deployment" | "schema";
  readonly value?: unknown;
}

function lookup(value: unknown, path: readonly string[]): { found: boolean; value?: unknown } {
  let node = value;
  for (const part of path) {
    if (typeof node !== "object" || node === null || Array.isArray(node) || !Object.hasOwn(node, part))
      return { found: false };
    node = (node as Record<string, unknown>)[part];
  }
  return { found: true, value: node };
}

/** The rows of a schema's parameters, nested objects flattened; parameters outside the schema last. */
export function parameterRows(
  schema: Record<string, unknown>,
  parameters: Record<string, unknown>,
): ParameterRow[] {
  const rows: ParameterRow[] = [];
  const visit = (field: FieldSchema, path: string[], required: boolean) => {
    const given = lookup(parameters, path);
    const description = [field.title, field.description, limitsHint(field)].filter(Boolean).join(" · ");
    rows.push({
      name: path.join("."),
      type: typeLabel(field),
      required,
      description,
      ...(given.found
        ? { source: "deployment" as const, value: given.value }
        : field.hasDefault
          ? { source: "schema" as const, value: field.default }
          : {}),
    });
    if (field.kind === "object") {
      for (const property of field.properties ?? [])
        visit(property.field, [...path, property.name], property.required);
    }
  };
  const root = readField(schema);
  for (const property of root.properties ?? []) visit(property.field, [property.name], property.required);
  const known = new Set((root.properties ?? []).map((p) => p.name));
  for (const [name, value] of Object.entries(parameters)) {
    if (!known.has(name))
      rows.push({
        name,
        type: "—",
        required: false,
        description: "Not in the flow's schema",
        source: "deployment",
        value,
      });
  }
  return rows;
}

/** Defaults and the schema as a table. */
export function ParametersTab({ deployment }: { deployment: Deployment }) {
  const schema = deployment.parameter_openapi_schema;
  if (!schema) {
    return (
      <Card title="Default parameters">
        <p className="muted small">The flow has no parameter schema, so runs accept any parameters.</p>
        <JsonView value={deployment.parameters} empty="None" />
      </Card>
    );
  }
  const rows = parameterRows(schema, deployment.parameters);
  if (rows.length === 0) return <EmptyState title="No parameters">This flow takes no parameters.</EmptyState>;
  return (
    <TableScroll label="Parameters">
      <table className="table params-table" data-testid="parameters-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Default</th>
            <th>Required</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name} data-parameter={row.name}>
              <td className="mono">{row.name}</td>
              <td className="wrap muted">{row.type}</td>
              <td className="wrap mono">
                {row.source ? (
                  <>
                    {JSON.stringify(row.value)}
                    {row.source === "deployment" && <span className="muted small"> (deployment)</span>}
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>{row.required ? "yes" : <span className="muted">no</span>}</td>
              <td className="wrap">{row.description || <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
