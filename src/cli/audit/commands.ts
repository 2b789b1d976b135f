/** @module What `steward audit ls` does: the audit trail, newest first, filtered like the API. */
import type { AuditRecord } from "../../api/audit.js";
import { AUDIT_ACTOR_KINDS } from "../../api/audit.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";
import { formatTimestamp } from "../format.js";

/** Options of `steward audit ls`. */
export interface AuditListOptions {
  resource?: string;
  actor?: string;
  kind?: string;
  action?: string;
  limit?: string;
  json?: boolean;
}

/** `steward audit ls [--resource ID] [--actor NAME] [--kind KIND] [--action ROUTE] [--limit N]`. */
export async function listAuditRecords(ctx: CliContext, options: AuditListOptions): Promise<void> {
  const records = await ctx.client().call("filterAuditRecords", {
    body: {
      resource_id: options.resource,
      actor_name: options.actor,
      actor_kind: actorKind(options.kind),
      action: options.action,
      limit: limit(options.limit),
    },
  });
  if (options.json) return ctx.out.json(records);
  ctx.out.table(
    [
      { header: "WHEN" },
      { header: "WHO", maxWidth: 40 },
      { header: "ROLE" },
      { header: "ACTION" },
      { header: "RESOURCE", maxWidth: 48 },
      { header: "DETAIL", maxWidth: 60 },
      { header: "STATUS" },
    ],
    records.map((record) => [
      formatTimestamp(record.occurred),
      who(record.actor),
      record.actor.role,
      record.action,
      [record.resource_kind, record.resource_id].filter((part) => part !== null).join(" "),
      record.detail ?? "",
      String(record.status),
    ]),
    "No audit records match. Every write through the API is recorded here (telemetry aside).",
  );
}

function who(actor: AuditRecord["actor"]): string {
  if (actor.kind === "run") return `run ${actor.id ?? ""}`.trim();
  return `${actor.kind} ${actor.name}`;
}

function actorKind(text: string | undefined): AuditRecord["actor"]["kind"] | undefined {
  if (text === undefined) return undefined;
  const kind = AUDIT_ACTOR_KINDS.find((k) => k === text);
  if (kind === undefined) {
    throw new UsageError(`--kind ${JSON.stringify(text)} is not one of ${AUDIT_ACTOR_KINDS.join(", ")}.`);
  }
  return kind;
}

function limit(text: string | undefined): number {
  if (text === undefined) return 50;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 200) {
    throw new UsageError(`--limit must be a whole number from 1 to 200, not ${JSON.stringify(text)}.`);
  }
  return n;
}
