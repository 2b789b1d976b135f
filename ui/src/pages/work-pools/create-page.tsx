/**
 * @module Create a work pool: type, name, description, concurrency, and the base job template's
 * variable defaults as a form (or the whole template as JSON).
 */
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { knownWorkerTypes } from "../../../../src/core/worker-types.js";
import { useApi, useApiMutation } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { ErrorMessage, Loading } from "../../components/messages.js";
import { Page } from "../../components/page.js";
import { nameError, parseLimit } from "./pool-name.js";
import { TemplateEditorView } from "./template-editor.js";
import { useTemplateEditor } from "./use-template-editor.js";
import "./work-pools.css";

const TYPES = knownWorkerTypes();
const EMPTY_TEMPLATE = { job_configuration: {}, variables: { type: "object", properties: {} } };

/** `/work-pools/create` */
export function CreateWorkPoolPage() {
  const navigate = useNavigate();
  const [type, setType] = useState(TYPES[0] ?? "process");
  const [name, setName] = useState("");
  const [nameTouched, setNameTouched] = useState(false);
  const [description, setDescription] = useState("");
  const [limit, setLimit] = useState("");
  const typeInfo = useApi("readWorkerType", { params: { type } }, { staleTime: Infinity });
  const editor = useTemplateEditor(EMPTY_TEMPLATE);
  const create = useApiMutation("createWorkPool", {
    onSuccess: (pool) => void navigate(paths.workPool(pool.name)),
  });

  // Load the type's default template once per type (not on every live refetch).
  const loadedType = useRef<string | null>(null);
  const template = typeInfo.data?.default_base_job_template;
  useEffect(() => {
    if (template && loadedType.current !== type) {
      loadedType.current = type;
      editor.reset(template);
    }
  }, [template, type, editor]);

  const nameProblem = nameError(name);
  const limitValue = parseLimit(limit);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNameTouched(true);
    const base_job_template = editor.result();
    if (nameProblem || limitValue === undefined || !base_job_template) return;
    create.mutate({
      body: {
        name,
        type,
        description: description.trim() === "" ? null : description,
        concurrency_limit: limitValue,
        base_job_template,
      },
    });
  };

  return (
    <Page
      name="create-work-pool"
      title="Create work pool"
      crumbs={[{ label: "Work pools", to: paths.workPools() }]}
      ready={typeInfo.data !== undefined || typeInfo.error !== null}
    >
      <form className="form card create-pool-form" onSubmit={submit} noValidate>
        <label className="field">
          <span>Type</span>
          <select value={type} onChange={(e) => setType(e.target.value)}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <span className="field-help">
            {typeInfo.data?.description}{" "}
            {TYPES.length === 1 && `Steward ships one worker type today: ${TYPES[0]}.`}
          </span>
        </label>
        <label className="field">
          <span>Name</span>
          <input
            type="text"
            value={name}
            autoFocus
            className={nameTouched && nameProblem ? "invalid" : undefined}
            placeholder="my-pool"
            onChange={(e) => {
              setName(e.target.value);
              if (e.target.value !== "") setNameTouched(true);
            }}
            onBlur={() => setNameTouched(true)}
          />
          {nameTouched && nameProblem && <span className="field-error">{nameProblem}</span>}
        </label>
        <label className="field">
          <span>Description</span>
          <textarea
            className="plain-text"
            value={description}
            placeholder="What runs here, and on which machines"
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Concurrency limit</span>
          <input
            type="number"
            min={0}
            step={1}
            value={limit}
            placeholder="unlimited"
            className={limitValue === undefined ? "invalid" : undefined}
            onChange={(e) => setLimit(e.target.value)}
          />
          {limitValue === undefined ? (
            <span className="field-error">Enter a whole number (0 or more), or leave it empty.</span>
          ) : (
            <span className="field-help">
              At most this many runs pending or running in the pool at once. Empty: no limit.
            </span>
          )}
        </label>
        {typeInfo.error ? (
          <ErrorMessage error={typeInfo.error} title="Could not load the worker type" />
        ) : typeInfo.data ? (
          <TemplateEditorView editor={editor} />
        ) : (
          <Loading what="the base job template" />
        )}
        {create.error && <ErrorMessage error={create.error} title="Could not create the work pool" />}
        <div className="row">
          <button type="submit" className="primary" disabled={create.isPending || !typeInfo.data}>
            {create.isPending ? "Creating…" : "Create work pool"}
          </button>
          <button type="button" onClick={() => void navigate(paths.workPools())}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  );
}
