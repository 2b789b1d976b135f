import { Automation, type AutomationCreate } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { fromStoredBoolean, isoFromMs, toJson, toStoredBoolean } from "../codec.js";
import type { AutomationTable } from "../database.js";
import type { Parsed } from "../types.js";

/**
 * The API form of an automation row, checked against the API's shapes: the engine acts on what it
 * reads, so a row that no longer parses (written by another version) is reported, not guessed at.
 */
export function automationFromRow(row: AutomationTable): Automation {
  const parsed = Automation.safeParse({
    id: row.id,
    created: isoFromMs(Number(row.created)),
    updated: isoFromMs(Number(row.updated)),
    name: row.name,
    description: row.description,
    enabled: fromStoredBoolean(row.enabled),
    tags: JSON.parse(row.tags) as unknown,
    trigger: JSON.parse(row.trigger) as unknown,
    actions: JSON.parse(row.actions) as unknown,
    owner_resource: row.owner_resource,
  });
  if (!parsed.success) {
    throw new StewardError(
      "INTERNAL",
      `Automation ${row.id} ("${row.name}") as stored does not match this Steward's automation schema (${parsed.error.issues[0]?.message ?? "invalid"}). Replace it (PUT /automations/${row.id}) or delete it.`,
    );
  }
  return parsed.data;
}

/** The definition columns of an automation (everything but id and times). */
export function automationColumns(input: Parsed<typeof AutomationCreate>) {
  return {
    name: input.name,
    description: input.description,
    enabled: toStoredBoolean(input.enabled),
    tags: toJson(input.tags),
    trigger: toJson(input.trigger),
    actions: toJson(input.actions),
    owner_resource: input.owner_resource,
  };
}
