/** @module How the audit trail reads to people: who acted, and what they did, in words. */
import type { AuditRecord } from "../../../src/api/audit.js";

/** What the common writes did, in words; others fall back to the route's summary. */
const ACTIONS: Readonly<Record<string, string>> = {
  createDeployment: "Created or redeployed the deployment",
  updateDeployment: "Changed the deployment",
  deleteDeployment: "Deleted the deployment",
  pauseDeployment: "Paused the deployment",
  resumeDeployment: "Resumed the deployment",
  createDeploymentSchedules: "Added schedules",
  updateDeploymentSchedule: "Changed a schedule",
  deleteDeploymentSchedule: "Deleted a schedule",
  createFlowRunFromDeployment: "Started a run",
  createFlowRun: "Created the run",
  updateFlowRun: "Changed the run",
  setFlowRunState: "Moved the run to a new state",
  deleteFlowRun: "Deleted the run",
  bulkDeleteFlowRuns: "Deleted runs",
  createFlowRunKey: "Got a key for the run's process",
};

/** "Moved the run to a new state", or the route's summary for writes without words of their own. */
export function actionWords(record: Pick<AuditRecord, "action" | "summary">): string {
  return ACTIONS[record.action] ?? record.summary;
}

/** Who acted, for a person: `key "ci"`, `user "ada"`, "the run's own process", … */
export function actorWords(actor: AuditRecord["actor"]): string {
  switch (actor.kind) {
    case "api-key":
      return `key "${actor.name}"`;
    case "user":
      return `user "${actor.name}"`;
    case "run":
      return "the run's own process";
    case "bootstrap":
      return "the bootstrap key";
    case "anonymous":
      return "anyone (auth is off)";
  }
}
