/**
 * @module Custom run: a form generated from the deployment's parameter schema (or JSON), plus run
 * name, start time, tags, queue and job variables. Nothing is sent while a field is invalid; the
 * new run's page opens once it exists.
 */
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { Deployment } from "../../../../src/api/deployments.js";
import { ApiError, useApi, useApiMutation } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { SchemaFormEditor, useSchemaForm } from "../../components/schema-form/index.js";
import { Card } from "../../components/tabs.js";
import {
  DEFAULT_OPTIONS,
  optionProblems,
  type RunOptions,
  RunOptionsFields,
  runBody,
} from "./run-options.js";
import "./deployments.css";

/** Custom run */
export function CustomRunPage() {
  const { id = "" } = useParams();
  const deployment = useApi("readDeployment", { params: { id } });
  const crumbs = [{ label: "Deployments", to: paths.deployments() }];
  if (deployment.error) {
    return (
      <Page name="custom-run" title="Custom run" crumbs={crumbs} ready>
        {deployment.error instanceof ApiError && [404, 422].includes(deployment.error.status) ? (
          <EmptyState title="There is no such deployment">
            <Link to={paths.deployments()}>See all deployments</Link>
          </EmptyState>
        ) : (
          <ErrorMessage error={deployment.error} title="Could not load the deployment" />
        )}
      </Page>
    );
  }
  if (!deployment.data) {
    return (
      <Page name="custom-run" title="Custom run" crumbs={crumbs} ready={false}>
        <Loading what="deployment" />
      </Page>
    );
  }
  // Loaded once: live refetches of the deployment must not reset what is being typed.
  return <CustomRunForm deployment={deployment.data} />;
}

/** The API's list of bad fields (422 details), if it sent one. */
function detailsOf(error: unknown): { path: string; message: string }[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return error.details.filter(
    (d): d is { path: string; message: string } => typeof d === "object" && d !== null && "message" in d,
  );
}

function CustomRunForm({ deployment }: { deployment: Deployment }) {
  const navigate = useNavigate();
  const [schema] = useState(deployment.parameter_openapi_schema);
  // A parameter left empty takes the deployment's value (the server merges it) or the flow's default.
  const [fallback] = useState(deployment.parameters);
  const form = useSchemaForm(schema, deployment.parameters, fallback);
  const [options, setOptions] = useState<RunOptions>(DEFAULT_OPTIONS);
  const [visited, setVisited] = useState<ReadonlySet<string>>(new Set());
  const [tried, setTried] = useState(0);
  const run = useApiMutation("createFlowRunFromDeployment", {
    onSuccess: (created) => void navigate(paths.flowRun(created.id)),
  });
  const optionsValid = Object.keys(optionProblems(options)).length === 0;
  const blocked = tried > 0 && !(form.valid && optionsValid);

  // After a blocked submit, take the person to the first problem.
  useEffect(() => {
    if (tried === 0) return;
    document.querySelector<HTMLElement>("[aria-invalid='true'], .invalid")?.focus();
  }, [tried]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const ok = form.check();
    setTried((n) => n + 1);
    if (!ok || !optionsValid) return;
    run.mutate({ params: { id: deployment.id }, body: runBody(options, form.value) });
  };
  const fullName = `${deployment.flow_name}/${deployment.name}`;
  const details = detailsOf(run.error);
  return (
    <Page
      name="custom-run"
      title={`Run ${fullName}`}
      crumbs={[
        { label: "Deployments", to: paths.deployments() },
        { label: fullName, to: paths.deployment(deployment.id) },
      ]}
      ready
    >
      <form className="custom-run" onSubmit={submit} noValidate data-testid="custom-run-form">
        <div className="stack">
          <Card title="Parameters">
            {!schema && (
              <p className="muted small" style={{ marginTop: 0 }}>
                This flow has no parameter schema: any JSON object is accepted.
              </p>
            )}
            <SchemaFormEditor form={form} />
          </Card>
          {run.error && (
            <div data-testid="run-error">
              <ErrorMessage error={run.error} title="The run was not created" />
              {details.length > 0 && (
                <ul className="api-issues field-error">
                  {details.map((d, i) => (
                    <li key={i}>
                      {d.path && <code>{d.path}</code>}
                      {d.path && ": "}
                      {d.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <div className="submit-bar">
            <button type="submit" className="primary" disabled={run.isPending}>
              {run.isPending ? "Creating run…" : "▶ Run"}
            </button>
            <Link className="button" to={paths.deployment(deployment.id)}>
              Cancel
            </Link>
            {blocked && (
              <span className="field-error" data-testid="submit-blocked" role="alert">
                Not run: fix the highlighted fields first.
              </span>
            )}
          </div>
        </div>
        <Card title="Run options">
          <RunOptionsFields
            deployment={deployment}
            options={options}
            onChange={(patch) => setOptions((current) => ({ ...current, ...patch }))}
            shown={(field) => tried > 0 || visited.has(field)}
            onVisit={(field) => setVisited((current) => new Set([...current, field]))}
          />
        </Card>
      </form>
    </Page>
  );
}
