/**
 * @module The options of a custom run besides its parameters: name, start now or at a time, tags,
 * work queue and job variables; with their checks and the request body they make.
 */
import type { Deployment, DeploymentFlowRunCreate } from "../../../../src/api/deployments.js";
import { useApi } from "../../api/client.js";
import { localInputToIso } from "../../components/schema-form/values.js";

/** The options as typed. */
export interface RunOptions {
  readonly name: string;
  readonly when: "now" | "later";
  /** `datetime-local` text. */
  readonly at: string;
  /** Comma-separated. */
  readonly tags: string;
  /** "" for the deployment's queue. */
  readonly queue: string;
  /** JSON object text, "" for none. */
  readonly jobVariables: string;
}

/** Options of a run that changes nothing. */
export const DEFAULT_OPTIONS: RunOptions = {
  name: "",
  when: "now",
  at: "",
  tags: "",
  queue: "",
  jobVariables: "",
};

/** Problems of the options, by field ("at", "jobVariables"). */
export function optionProblems(options: RunOptions): Partial<Record<keyof RunOptions, string>> {
  const problems: Partial<Record<keyof RunOptions, string>> = {};
  if (options.when === "later" && !localInputToIso(options.at))
    problems.at = "Choose when the run should start";
  if (options.jobVariables.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(options.jobVariables);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        problems.jobVariables = 'must be a JSON object, like {"env": {"KEY": "value"}}';
      }
    } catch (error) {
      problems.jobVariables = `is not valid JSON: ${(error as Error).message}`;
    }
  }
  return problems;
}

/** The request body of a run with these options and parameters (options must be valid). */
export function runBody(options: RunOptions, parameters: Record<string, unknown>): DeploymentFlowRunCreate {
  const tags = [
    ...new Set(
      options.tags
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
  const at = options.when === "later" ? localInputToIso(options.at) : undefined;
  return {
    parameters,
    tags,
    ...(options.name.trim() && { name: options.name.trim() }),
    ...(options.queue && { work_queue_name: options.queue }),
    ...(options.jobVariables.trim() && {
      job_variables: JSON.parse(options.jobVariables) as Record<string, unknown>,
    }),
    ...(at && { state: { type: "SCHEDULED" as const, state_details: { scheduled_time: at } } }),
  };
}

function Problem({ message }: { message: string | undefined }) {
  return message ? (
    <span className="field-error" data-testid="field-error">
      {message}
    </span>
  ) : null;
}

/** The options card's fields. `shown` holds the fields whose problems may show (visited, or submit tried). */
export function RunOptionsFields({
  deployment,
  options,
  onChange,
  shown,
  onVisit,
}: {
  deployment: Deployment;
  options: RunOptions;
  onChange: (patch: Partial<RunOptions>) => void;
  shown: (field: keyof RunOptions) => boolean;
  onVisit: (field: keyof RunOptions) => void;
}) {
  const queues = useApi(
    "filterWorkQueues",
    { params: { name: deployment.work_pool_name ?? "" } },
    { enabled: deployment.work_pool_name !== null },
  );
  const problems = optionProblems(options);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div className="run-options">
      <label className="field" data-field="run.name">
        <span>Run name</span>
        <input
          value={options.name}
          placeholder="generated, e.g. brave-otter"
          onChange={(e) => onChange({ name: e.target.value })}
        />
      </label>
      <div className="field" data-field="run.when">
        <span className="field-label">Start</span>
        <div className="radio-row" role="radiogroup" aria-label="Start">
          <label>
            <input
              type="radio"
              name="run-when"
              checked={options.when === "now"}
              onChange={() => onChange({ when: "now" })}
            />
            Now
          </label>
          <label>
            <input
              type="radio"
              name="run-when"
              checked={options.when === "later"}
              onChange={() => onChange({ when: "later" })}
            />
            At a time
          </label>
        </div>
      </div>
      {options.when === "later" && (
        <label className="field" data-field="run.at">
          <span>Scheduled time</span>
          <input
            type="datetime-local"
            step={1}
            value={options.at}
            className={shown("at") && problems.at ? "invalid" : undefined}
            onBlur={() => onVisit("at")}
            onChange={(e) => onChange({ at: e.target.value })}
          />
          <span className="field-help">In your time zone ({zone}). A worker starts it then.</span>
          {shown("at") && <Problem message={problems.at} />}
        </label>
      )}
      <label className="field" data-field="run.tags">
        <span>Tags</span>
        <input
          value={options.tags}
          placeholder="comma-separated, e.g. manual, backfill"
          onChange={(e) => onChange({ tags: e.target.value })}
        />
        {deployment.tags.length > 0 && (
          <span className="field-help">Added to the deployment&apos;s: {deployment.tags.join(", ")}</span>
        )}
      </label>
      {deployment.work_pool_name && (
        <label className="field" data-field="run.queue">
          <span>Work queue</span>
          <select value={options.queue} onChange={(e) => onChange({ queue: e.target.value })}>
            <option value="">The deployment&apos;s ({deployment.work_queue_name ?? "default"})</option>
            {(queues.data ?? []).map((queue) => (
              <option key={queue.id} value={queue.name}>
                {queue.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field" data-field="run.jobVariables">
        <span>Job variables</span>
        <textarea
          rows={4}
          spellCheck={false}
          value={options.jobVariables}
          placeholder={'{"env": {"LOG_LEVEL": "DEBUG"}}'}
          className={shown("jobVariables") && problems.jobVariables ? "invalid" : undefined}
          onBlur={() => onVisit("jobVariables")}
          onChange={(e) => onChange({ jobVariables: e.target.value })}
        />
        <span className="field-help">
          A JSON object over the deployment&apos;s job variables
          {Object.keys(deployment.job_variables).length > 0 && (
            <> ({JSON.stringify(deployment.job_variables)})</>
          )}
          .
        </span>
        {shown("jobVariables") && <Problem message={problems.jobVariables} />}
      </label>
    </div>
  );
}
