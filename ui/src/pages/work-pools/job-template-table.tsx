/** @module A pool's base job template, read-only: each variable with its type, default and purpose. */
import type { BaseJobTemplate } from "../../../../src/api/work-pools.js";
import { JsonView } from "../../components/code.js";
import { formatDefault, variableSpecs } from "./job-template.js";
import { TableScroll } from "../../components/table-scroll.js";

/** The variables as a table, with the raw template behind a disclosure. */
export function JobTemplateTable({ template }: { template: BaseJobTemplate }) {
  const specs = variableSpecs(template);
  return (
    <div className="stack">
      {specs.length === 0 ? (
        <p className="muted">This template has no variables.</p>
      ) : (
        <TableScroll label="Job template variables">
          <table className="table" data-testid="job-template-variables">
            <thead>
              <tr>
                <th>Variable</th>
                <th>Type</th>
                <th>Default</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {specs.map((spec) => (
                <tr key={spec.name} data-variable={spec.name}>
                  <td>
                    <div>{spec.title}</div>
                    <code className="muted">{spec.name}</code>
                  </td>
                  <td>
                    <code>{spec.typeLabel}</code>
                  </td>
                  <td className="wrap">
                    {spec.hasDefault ? (
                      <code data-testid="variable-default">{formatDefault(spec)}</code>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="wrap muted">{spec.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <details>
        <summary>Template as JSON</summary>
        <JsonView value={template} />
      </details>
    </div>
  );
}
