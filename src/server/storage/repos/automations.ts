import { type SqlBool, sql } from "kysely";
import { newId } from "../../../core/ids.js";
import type { Automation, AutomationCreate, AutomationQuery } from "../../../api/index.js";
import { isUuid } from "../codec.js";
import type { StoreContext } from "../context.js";
import type { AutomationTable, Db } from "../database.js";
import { withErrorTranslation } from "../errors.js";
import { automationColumns, automationFromRow } from "../mappers/automation.js";
import { and, type Condition } from "../query/filters.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";

type Repo = Store["automations"];

/**
 * Automations: definitions only (the engine keeps its buckets and cursor apart). Every write tells
 * `onChange` subscribers once it has committed, so the engine reloads its working set at once
 * instead of on its next poll. Async methods translate database errors.
 */
export function createAutomationRepo(ctx: StoreContext): Repo {
  const listeners = new Set<() => void>();
  const changed = <T>(result: T, really = true): T => {
    if (really) for (const listener of [...listeners]) notify(listener);
    return result;
  };
  const { db } = ctx;
  const methods = withErrorTranslation(ctx.ops, {
    async create(input: Parsed<typeof AutomationCreate>): Promise<Automation> {
      const row = newRow(ctx, input);
      await db.insertInto("automation").values(row).execute();
      return changed(automationFromRow(row));
    },
    read: async (id: string) => (isUuid(id) ? readIn(db, id) : undefined),
    async replace(id: string, input: Parsed<typeof AutomationCreate>): Promise<boolean> {
      if (!isUuid(id)) return false;
      const result = await db
        .updateTable("automation")
        .set({ ...automationColumns(input), updated: ctx.now() })
        .where("id", "=", id)
        .executeTakeFirst();
      return changed(result.numUpdatedRows > 0n, result.numUpdatedRows > 0n);
    },
    async setEnabled(id: string, enabled: boolean): Promise<boolean> {
      if (!isUuid(id)) return false;
      const result = await db
        .updateTable("automation")
        .set({ enabled: enabled ? 1 : 0, updated: ctx.now() })
        .where("id", "=", id)
        .executeTakeFirst();
      return changed(result.numUpdatedRows > 0n, result.numUpdatedRows > 0n);
    },
    async delete(id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      const result = await db.deleteFrom("automation").where("id", "=", id).executeTakeFirst();
      return changed(result.numDeletedRows > 0n, result.numDeletedRows > 0n);
    },
    filter: (query: Parsed<typeof AutomationQuery>) => filterAutomations(db, query),
    async count(query: Parsed<typeof AutomationQuery>): Promise<number> {
      const row = await db
        .selectFrom("automation")
        .select((eb) => eb.fn.countAll<number | string>().as("count"))
        .where(and(queryConditions(query)))
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },
    relatedTo: (resourceId: string) => relatedTo(ctx, resourceId),
    async deleteOwnedBy(resourceId: string): Promise<number> {
      const result = await db
        .deleteFrom("automation")
        .where("owner_resource", "=", resourceId)
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      return changed(deleted, deleted > 0);
    },
    async replaceOwnedBy(resourceId: string, inputs: readonly Parsed<typeof AutomationCreate>[]) {
      const rows = inputs.map((input) => newRow(ctx, { ...input, owner_resource: resourceId }));
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom("automation").where("owner_resource", "=", resourceId).execute();
        if (rows.length > 0) await trx.insertInto("automation").values(rows).execute();
      });
      return changed(rows.map(automationFromRow));
    },
    async enabled(): Promise<Automation[]> {
      const rows = await db
        .selectFrom("automation")
        .selectAll()
        .where("enabled", "=", 1)
        .orderBy("id")
        .execute();
      return rows.map(automationFromRow);
    },
  } satisfies Omit<Repo, "onChange">);
  return {
    ...methods,
    onChange(listener) {
      const entry = () => listener();
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  };
}

function notify(listener: () => void): void {
  try {
    listener();
  } catch {
    // A subscriber's bug is its own; the others still hear of the change.
  }
}

function newRow(ctx: StoreContext, input: Parsed<typeof AutomationCreate>): AutomationTable {
  const now = ctx.now();
  return { id: newId(), created: now, updated: now, ...automationColumns(input) };
}

async function readIn(db: Db, id: string): Promise<Automation | undefined> {
  const row = await db.selectFrom("automation").selectAll().where("id", "=", id).executeTakeFirst();
  return row && automationFromRow(row);
}

function queryConditions(query: Parsed<typeof AutomationQuery>): Condition[] {
  const out: Condition[] = [];
  const names = query.name?.any_;
  if (names !== undefined)
    out.push(names.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`name in (${sql.join(names)})`);
  if (query.name?.like_ !== undefined) {
    const pattern = `%${query.name.like_.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    out.push(sql<SqlBool>`lower(name) like ${pattern} escape '\\'`);
  }
  if (query.enabled !== undefined)
    out.push(sql<SqlBool>`enabled = ${query.enabled ? sql`true` : sql`false`}`);
  const owners = query.owner_resource?.any_;
  if (owners !== undefined) {
    out.push(
      owners.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`owner_resource in (${sql.join(owners)})`,
    );
  }
  return out;
}

const SORTS = {
  NAME_ASC: [
    ["name", "asc"],
    ["id", "asc"],
  ],
  NAME_DESC: [
    ["name", "desc"],
    ["id", "desc"],
  ],
  CREATED_DESC: [
    ["created", "desc"],
    ["id", "desc"],
  ],
  UPDATED_DESC: [
    ["updated", "desc"],
    ["id", "desc"],
  ],
} as const;

async function filterAutomations(db: Db, query: Parsed<typeof AutomationQuery>): Promise<Automation[]> {
  let q = db
    .selectFrom("automation")
    .selectAll()
    .where(and(queryConditions(query)));
  for (const [column, direction] of SORTS[query.sort]) q = q.orderBy(column, direction);
  const rows = await q.limit(query.limit).offset(query.offset).execute();
  return rows.map(automationFromRow);
}

/**
 * Automations owned by `resourceId`, or whose trigger or actions mention it: by the full resource
 * id (`"steward.deployment.<id>"` in a match) or, for Steward's own resources, by the bare id an
 * action names (`"deployment_id": "<id>"`).
 */
async function relatedTo(ctx: StoreContext, resourceId: string): Promise<Automation[]> {
  const needles = [resourceId];
  const bare = /^steward\.[\w-]+\.([0-9a-f-]{36})$/i.exec(resourceId)?.[1];
  if (bare !== undefined) needles.push(bare);
  const contains = (column: "trigger" | "actions", needle: string) =>
    ctx.ops.name === "postgres"
      ? sql<SqlBool>`strpos(${sql.ref(column)}::text, ${needle}) > 0`
      : sql<SqlBool>`instr(${sql.ref(column)}, ${needle}) > 0`;
  const mentions = needles.flatMap((needle) => [contains("trigger", needle), contains("actions", needle)]);
  const rows = await ctx.db
    .selectFrom("automation")
    .selectAll()
    .where(sql<SqlBool>`(owner_resource = ${resourceId} or ${sql.join(mentions, sql` or `)})`)
    .orderBy("name")
    .orderBy("id")
    .execute();
  return rows.map(automationFromRow);
}
