/** @module Finding an automation by name or id, and reading automation files. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import { type Automation, AutomationCreate } from "../../api/automations.js";
import type { StewardClient } from "../../client/client.js";
import { isApiError } from "../../client/errors.js";
import { CliError, UsageError } from "../errors.js";
import { didYouMean } from "../work-pools/lookup.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The automation with this id, or the one with this name (names are not unique: then ask for the id). */
export async function findAutomation(client: StewardClient, nameOrId: string): Promise<Automation> {
  if (UUID.test(nameOrId)) {
    try {
      return await client.call("readAutomation", { params: { id: nameOrId } });
    } catch (error) {
      if (!isApiError(error, 404) || error.code === "ROUTE_NOT_FOUND") throw error;
    }
  }
  const matches = await client.call("filterAutomations", { body: { name: { any_: [nameOrId] } } });
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new CliError(
      `${matches.length} automations are named "${nameOrId}"; name one by its id: ${matches.map((a) => a.id).join(", ")}.`,
    );
  }
  const names = (await client.call("filterAutomations", { body: {} })).map((a) => a.name);
  throw new CliError(
    `Automation "${nameOrId}" not found.${didYouMean(nameOrId, names)} List automations with \`steward automation ls\`.`,
  );
}

/** The automations of a YAML or JSON file: one object or a list, each checked before any call. */
export function readAutomationFile(file: string, cwd: string): AutomationInput[] {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`Cannot read ${path} (${(error as Error).message}).`);
  }
  let data: unknown;
  try {
    data = parse(text); // YAML is a superset of JSON: one parser reads both
  } catch (error) {
    throw new CliError(`${path} is not valid YAML or JSON: ${(error as Error).message}`);
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) throw new CliError(`${path} lists no automation.`);
  const problems: string[] = [];
  items.forEach((item, index) => {
    const parsed = AutomationCreate.safeParse(item);
    if (parsed.success) return;
    const where = Array.isArray(data) ? `[${index}]` : "";
    for (const issue of parsed.error.issues) {
      const path = [
        where,
        ...issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)),
      ]
        .join("")
        .replace(/^\./, "");
      problems.push(`  - ${path || "(automation)"}: ${issue.message}`);
    }
  });
  if (problems.length > 0) {
    throw new CliError(
      [
        `${path} is not a valid automation:`,
        ...problems,
        "Fix it and run the command again (docs/events.md has examples).",
      ].join("\n"),
    );
  }
  return items as AutomationInput[];
}

/** An automation as a file (or the API's body) holds it, defaults not yet applied. */
export type AutomationInput = z.input<typeof AutomationCreate>;
