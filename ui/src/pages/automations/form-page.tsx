/**
 * @module Create (`/automations/new`) and edit (`/automations/:id/edit`) an automation: a guided
 * form for the common triggers and every action, or the whole automation as JSON. Problems show
 * beside their fields before anything is sent; the API's answer, if it still refuses, shows above
 * the Save button.
 */
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import type { Automation } from "../../../../src/api/automations.js";
import { isApiError, useApi, useApiMutation } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { EmptyState, ErrorMessage, Loading } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { Card } from "../../components/tabs.js";
import { ActionList } from "./action-fields.js";
import {
  type AutomationBody,
  type AutomationDraft,
  bodyOfDraft,
  bodyOfJson,
  draftOf,
  draftOfBody,
  type DraftProblems,
  jsonOf,
  newAutomationDraft,
} from "./automation-draft.js";
import { Field } from "./form-field.js";
import { TriggerFields } from "./trigger-fields.js";
import "./automations.css";

const crumbs = [{ label: "Automations", to: paths.automations() }];

/** `/automations/new` */
export function CreateAutomationPage() {
  const navigate = useNavigate();
  const create = useApiMutation("createAutomation");
  return (
    <Page name="automation-form" title="New automation" crumbs={crumbs} ready>
      <AutomationForm
        saving={create.isPending}
        error={create.error}
        onSave={(body) =>
          create.mutate(
            { body },
            { onSuccess: (automation) => void navigate(paths.automation(automation.id)) },
          )
        }
      />
    </Page>
  );
}

/** `/automations/:id/edit` */
export function EditAutomationPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  // Not refetched while editing: a background refresh must not reset what is being typed.
  const automation = useApi(
    "readAutomation",
    { params: { id } },
    { refetchInterval: false, staleTime: Infinity },
  );
  const replace = useApiMutation("replaceAutomation");
  const title = automation.data ? `Edit ${automation.data.name}` : "Edit automation";
  return (
    <Page
      name="automation-form"
      title={title}
      crumbs={[
        ...crumbs,
        ...(automation.data ? [{ label: automation.data.name, to: paths.automation(id) }] : []),
      ]}
      ready={automation.data !== undefined || automation.error !== null}
    >
      {automation.error ? (
        isApiError(automation.error, 404) ? (
          <EmptyState title="There is no such automation">It may have been deleted.</EmptyState>
        ) : (
          <ErrorMessage error={automation.error} title="Could not load the automation" />
        )
      ) : !automation.data ? (
        <Loading what="automation" />
      ) : (
        <AutomationForm
          initial={automation.data}
          saving={replace.isPending}
          error={replace.error}
          onSave={(body) =>
            replace.mutate({ params: { id }, body }, { onSuccess: () => void navigate(paths.automation(id)) })
          }
        />
      )}
    </Page>
  );
}

const NO_PROBLEMS: DraftProblems = { trigger: {}, actions: [], other: [] };

/** The form itself, for a new automation or a saved one (`initial`). */
function AutomationForm({
  initial,
  saving,
  error,
  onSave,
}: {
  initial?: Automation;
  saving: boolean;
  error: Error | null;
  onSave: (body: AutomationBody) => void;
}) {
  const guidedStart = initial ? draftOf(initial) : newAutomationDraft();
  const [draft, setDraft] = useState<AutomationDraft>(guidedStart ?? newAutomationDraft());
  const [mode, setMode] = useState<"guided" | "json">(guidedStart ? "guided" : "json");
  const [json, setJson] = useState(initial ? jsonOf(initial) : "");
  const [note, setNote] = useState(
    guidedStart
      ? ""
      : "This trigger has no guided form (compound, sequence or unusual matches): edit it as JSON.",
  );
  const [problems, setProblems] = useState<DraftProblems>(NO_PROBLEMS);
  const change = (changes: Partial<AutomationDraft>) => setDraft((current) => ({ ...current, ...changes }));

  const toJson = () => {
    const result = bodyOfDraft(draft);
    setProblems(result.problems);
    if (!result.body)
      return setNote("Fix the fields marked in red first: JSON mode starts from a valid automation.");
    setJson(JSON.stringify(result.body, null, 2));
    setNote("");
    setMode("json");
  };
  const toGuided = () => {
    const result = bodyOfJson(json);
    setProblems(result.problems);
    if (!result.body) return;
    const guided = draftOfBody(result.body);
    if (!guided)
      return setNote(
        "This trigger has no guided form (compound, sequence or unusual matches): edit it as JSON.",
      );
    setDraft(guided);
    setNote("");
    setMode("guided");
  };
  const save = () => {
    const result = mode === "guided" ? bodyOfDraft(draft) : bodyOfJson(json);
    setProblems(result.problems);
    if (result.body) onSave(result.body);
  };

  return (
    <form
      className="form automation-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="row mode-switch" role="group" aria-label="Editor">
        <button
          type="button"
          className={mode === "guided" ? "primary small" : "small"}
          onClick={toGuided}
          disabled={mode === "guided"}
        >
          Form
        </button>
        <button
          type="button"
          className={mode === "json" ? "primary small" : "small"}
          onClick={toJson}
          disabled={mode === "json"}
        >
          JSON
        </button>
      </div>
      {note && (
        <div className="banner" data-testid="form-note">
          {note}
        </div>
      )}
      {mode === "guided" ? (
        <GuidedFields draft={draft} problems={problems} onChange={change} />
      ) : (
        <Field label="Automation (JSON)" help="The body of POST /api/automations/: name, trigger, actions, …">
          <textarea
            aria-label="Automation JSON"
            rows={24}
            value={json}
            spellCheck={false}
            onChange={(event) => setJson(event.target.value)}
          />
        </Field>
      )}
      {problems.other.length > 0 && (
        <div className="error-message" role="alert" data-testid="form-problems">
          <strong>Fix these first</strong>
          <ul>
            {problems.other.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {error && <ApiProblems error={error} />}
      <div className="row">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? "Saving…" : initial ? "Save changes" : "Create automation"}
        </button>
        <button type="button" onClick={() => window.history.back()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function GuidedFields({
  draft,
  problems,
  onChange,
}: {
  draft: AutomationDraft;
  problems: DraftProblems;
  onChange: (changes: Partial<AutomationDraft>) => void;
}) {
  return (
    <>
      <Card title="Trigger">
        <TriggerFields
          draft={draft.trigger}
          problems={problems.trigger}
          onChange={(c) => onChange({ trigger: { ...draft.trigger, ...c } })}
        />
      </Card>
      <Card title="Actions">
        <ActionList
          actions={draft.actions}
          problems={problems.actions}
          onChange={(actions) => onChange({ actions })}
        />
      </Card>
      <Card title="Details">
        <div className="stack">
          <Field label="Name" error={problems.name}>
            <input
              aria-label="Name"
              value={draft.name}
              className={problems.name ? "invalid" : undefined}
              onChange={(event) => onChange({ name: event.target.value })}
            />
          </Field>
          <Field label="Description" help="Optional.">
            <textarea
              aria-label="Description"
              rows={2}
              value={draft.description}
              style={{ minHeight: 0, fontFamily: "inherit" }}
              onChange={(event) => onChange({ description: event.target.value })}
            />
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(event) => onChange({ enabled: event.target.checked })}
            />
            Enabled
          </label>
        </div>
      </Card>
    </>
  );
}

/** The API's refusal, with each field it named. */
function ApiProblems({ error }: { error: Error }) {
  const details =
    isApiError(error) && Array.isArray(error.details)
      ? (error.details as { path?: string; message?: string }[])
      : [];
  return (
    <div data-testid="api-error">
      <ErrorMessage error={error} title="The server did not save the automation" />
      {details.length > 0 && (
        <ul className="field-error">
          {details.map((detail, index) => (
            <li key={index}>
              {detail.path ? <code>{detail.path}</code> : null} {detail.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
