import { randomBytes } from "node:crypto";
import { newId } from "../../../core/ids.js";
import type { Webhook, WebhookCreate, WebhookUpdate } from "../../../api/index.js";
import { StewardError } from "../../../core/errors.js";
import { isUuid, toJson, toStoredBoolean } from "../codec.js";
import type { StoreContext } from "../context.js";
import { parseWebhookTemplate, webhookFromRow } from "../mappers/webhook.js";
import type { Parsed } from "../types.js";
import type { Store } from "../store.js";

/** A new webhook slug: 32 random bytes, base64url (43 characters), unguessable. */
export function newWebhookSlug(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Webhooks: the secret URLs (`/api/hooks/{slug}`) that turn requests into events. The slug is
 * the secret, so it is made here, never chosen by a client, and rotating it cuts off the old URL.
 */
export function createWebhookRepo(ctx: StoreContext): Store["webhooks"] {
  const { db } = ctx;

  const readBy = async (column: "id" | "slug", value: string): Promise<Webhook | undefined> => {
    const row = await db.selectFrom("webhook").selectAll().where(column, "=", value).executeTakeFirst();
    return row && webhookFromRow(row);
  };

  /** Runs `write`, turning a clash on the unique name into a CONFLICT that says so. */
  const named = async <T>(name: string | undefined, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      if (name !== undefined && ctx.ops.classifyError(error) === "unique") throw duplicateName(name, error);
      throw error;
    }
  };

  return {
    async create(input: Parsed<typeof WebhookCreate>): Promise<Webhook> {
      const template = parseWebhookTemplate(input.template);
      const now = ctx.now();
      const row = {
        id: newId(),
        created: now,
        updated: now,
        name: input.name,
        description: input.description,
        enabled: toStoredBoolean(input.enabled),
        template: toJson(template),
        slug: newWebhookSlug(),
      };
      await named(input.name, () => db.insertInto("webhook").values(row).execute());
      return webhookFromRow(row);
    },

    read: async (id) => (isUuid(id) ? readBy("id", id) : undefined),

    readBySlug: (slug) => readBy("slug", slug),

    async update(id: string, patch: Parsed<typeof WebhookUpdate>): Promise<boolean> {
      if (!isUuid(id)) return false;
      const template =
        patch.template === undefined ? undefined : toJson(parseWebhookTemplate(patch.template));
      const result = await named(patch.name, () =>
        db
          .updateTable("webhook")
          .set({
            updated: ctx.now(),
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.description !== undefined && { description: patch.description }),
            ...(patch.enabled !== undefined && { enabled: toStoredBoolean(patch.enabled) }),
            ...(template !== undefined && { template }),
          })
          .where("id", "=", id)
          .executeTakeFirst(),
      );
      return result.numUpdatedRows > 0n;
    },

    async rotate(id: string): Promise<Webhook | undefined> {
      if (!isUuid(id)) return undefined;
      const result = await db
        .updateTable("webhook")
        .set({ slug: newWebhookSlug(), updated: ctx.now() })
        .where("id", "=", id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n ? readBy("id", id) : undefined;
    },

    async delete(id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      const result = await db.deleteFrom("webhook").where("id", "=", id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async filter(query) {
      let q = db.selectFrom("webhook").selectAll();
      if (query.name !== undefined) {
        if (query.name.length === 0) return [];
        q = q.where("name", "in", query.name);
      }
      const rows = await q.orderBy("name").limit(query.limit).offset(query.offset).execute();
      return rows.map(webhookFromRow);
    },
  };
}

function duplicateName(name: string, cause: unknown): StewardError {
  return new StewardError(
    "CONFLICT",
    `A webhook named "${name}" exists already. Pick another name, or update that one (\`steward webhook ls\` lists them).`,
    { cause },
  );
}
