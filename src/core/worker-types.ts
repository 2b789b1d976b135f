/**
 * @module The worker types Steward knows and the base job template each one starts from. A pool's
 * type decides which workers can serve it; its template decides which job variables a deployment
 * or a flow run may set and how they reach the infrastructure.
 */
import { ErrorCode, StewardError } from "./errors.js";

/** A JSON object (core cannot import the wire schemas from `api/`). */
export type JsonRecord = Record<string, unknown>;

/**
 * `{job_configuration, variables}`: `{{ placeholders }}` in the first are filled from the job
 * variables, whose JSON schema (type object) is the second.
 */
export interface BaseJobTemplateShape {
  readonly job_configuration: JsonRecord;
  readonly variables: JsonRecord;
}

/** What `GET /api/worker_types/{type}` answers. */
export interface WorkerTypeInfo {
  readonly type: string;
  readonly description: string;
  readonly default_base_job_template: BaseJobTemplateShape;
}

interface WorkerTypeDefinition {
  readonly description: string;
  /** A fresh template every call: callers may keep and change what they get. */
  readonly template: () => BaseJobTemplateShape;
}

/** The process worker's template, adapted from Prefect's `ProcessWorker`. */
function processTemplate(): BaseJobTemplateShape {
  return {
    job_configuration: {
      name: "{{ name }}",
      env: "{{ env }}",
      labels: "{{ labels }}",
      command: "{{ command }}",
      stream_output: "{{ stream_output }}",
      working_dir: "{{ working_dir }}",
      reuse_processes: "{{ reuse_processes }}",
      max_runs_per_process: "{{ max_runs_per_process }}",
      max_process_memory_mb: "{{ max_process_memory_mb }}",
    },
    variables: {
      type: "object",
      properties: {
        name: {
          title: "Name",
          description: "Name given to the process started for a flow run (defaults to the flow run's name).",
          type: "string",
        },
        env: {
          title: "Environment variables",
          description:
            "Environment variables to set when starting a flow run, on top of the worker's own (null unsets one).",
          type: "object",
          additionalProperties: { type: ["string", "null"] },
        },
        labels: {
          title: "Labels",
          description: "Labels applied to the process started for a flow run.",
          type: "object",
          additionalProperties: { type: "string" },
        },
        command: {
          title: "Command",
          description:
            "The command that starts a flow run. Leave it blank in most cases: the worker runs `steward flow-run execute`.",
          type: "string",
        },
        stream_output: {
          title: "Stream output",
          description: "Copy the flow run process's stdout and stderr to the worker's own output.",
          type: "boolean",
          default: true,
        },
        working_dir: {
          title: "Working directory",
          description:
            "Directory the flow run process starts in. Unset: a temporary directory, deleted afterwards.",
          type: "string",
          format: "path",
        },
        reuse_processes: {
          title: "Reuse processes",
          description:
            "Run successive runs of the same deployment one after another in one long-lived process (for many short runs): its flow is loaded once, so a run starts in milliseconds. Runs then share the process's memory and module state. Cancelling a run still ends its process.",
          type: "boolean",
          default: false,
        },
        max_runs_per_process: {
          title: "Max runs per process",
          description:
            "With reuse_processes: how many runs one process takes before a fresh one replaces it.",
          type: "integer",
          minimum: 1,
          maximum: 1_000_000,
          default: 100,
        },
        max_process_memory_mb: {
          title: "Max memory per process (MB)",
          description:
            "With reuse_processes: a process whose resident memory is above this after a run is replaced by a fresh one.",
          type: "integer",
          minimum: 16,
          maximum: 1_048_576,
          default: 512,
        },
      },
    },
  };
}

const WORKER_TYPES: Readonly<Record<string, WorkerTypeDefinition>> = {
  process: {
    description: "Runs each flow run as a subprocess on the worker's machine.",
    template: processTemplate,
  },
};

/** True for a worker type Steward has a worker for. */
export function isKnownWorkerType(type: string): boolean {
  return Object.hasOwn(WORKER_TYPES, type);
}

/** Every known worker type, sorted. */
export function knownWorkerTypes(): string[] {
  return Object.keys(WORKER_TYPES).sort();
}

function definitionOf(type: string): WorkerTypeDefinition {
  const definition = isKnownWorkerType(type) ? WORKER_TYPES[type] : undefined;
  if (definition === undefined) {
    throw new StewardError(
      ErrorCode.UNKNOWN_WORKER_TYPE,
      `Unknown work pool type ${JSON.stringify(type)}; known types: ${knownWorkerTypes().join(", ")}`,
      { details: { type, known: knownWorkerTypes() } },
    );
  }
  return definition;
}

/**
 * The base job template a new pool of `type` gets when none is given (a fresh copy).
 * @throws StewardError UNKNOWN_WORKER_TYPE for a type no worker serves.
 */
export function defaultBaseJobTemplate(type: string): BaseJobTemplateShape {
  return definitionOf(type).template();
}

/**
 * A worker type with its description and default template.
 * @throws StewardError UNKNOWN_WORKER_TYPE for a type no worker serves.
 */
export function workerTypeInfo(type: string): WorkerTypeInfo {
  const definition = definitionOf(type);
  return { type, description: definition.description, default_base_job_template: definition.template() };
}
