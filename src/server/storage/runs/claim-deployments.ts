import { sql } from "kysely";
import { fromJson } from "../codec.js";
import type { Db } from "../database.js";
import { MIGRATION_NAMES } from "../migrations/index.js";
import { HOLDS_SLOT } from "./claim-sql.js";

/**
 * The deployment table comes with migration 0004; claims work without it (no deployment limits,
 * no deployment status) so that pools and queues never depend on deployments being there.
 */
export const HAS_DEPLOYMENTS = MIGRATION_NAMES.includes("0004-deployments");

/** What a claim does with a due run, as far as its deployment's concurrency limit goes. */
export type DeploymentVerdict = "take" | "skip" | "cancel";

interface DeploymentLimit {
  readonly limit: number | null;
  readonly cancelNew: boolean;
  active: number;
}

/**
 * Concurrency slots of the deployments whose runs a claim meets. Limits and counts are loaded
 * once per deployment per claim (inside the claim's transaction, under the pool lock) and then
 * kept up to date in memory as the claim takes runs.
 */
export class DeploymentSlots {
  readonly #trx: Db;
  readonly #known = new Map<string, DeploymentLimit | null>();

  constructor(trx: Db) {
    this.#trx = trx;
  }

  /** Loads the limits and slot counts of deployments among `ids` not seen yet. */
  async load(ids: readonly (string | null)[]): Promise<void> {
    if (!HAS_DEPLOYMENTS) return;
    const fresh = [...new Set(ids)].filter((id): id is string => id !== null && !this.#known.has(id));
    if (fresh.length === 0) return;
    const rows = await this.#trx
      .selectFrom("deployment")
      .select(["id", "concurrency_limit", "concurrency_options"])
      .where("id", "in", fresh)
      .execute();
    for (const id of fresh) this.#known.set(id, null);
    const limited = rows.filter((row) => row.concurrency_limit !== null);
    for (const row of limited) {
      const options = fromJson<{ collision_strategy?: string }>(row.concurrency_options, {});
      this.#known.set(row.id, {
        limit: row.concurrency_limit,
        cancelNew: options.collision_strategy === "CANCEL_NEW",
        active: 0,
      });
    }
    if (limited.length === 0) return;
    const counts = await this.#trx
      .selectFrom("flow_run")
      .select(["deployment_id", sql<number>`count(*)`.as("active")])
      .where(
        "deployment_id",
        "in",
        limited.map((row) => row.id),
      )
      .where(HOLDS_SLOT)
      .groupBy("deployment_id")
      .execute();
    for (const count of counts) {
      const entry = count.deployment_id === null ? undefined : this.#known.get(count.deployment_id);
      if (entry) entry.active = Number(count.active);
    }
  }

  /** Take the run, skip it (ENQUEUE: it waits for a slot), or cancel it (CANCEL_NEW). */
  verdict(deploymentId: string | null): DeploymentVerdict {
    const entry = deploymentId === null ? undefined : this.#known.get(deploymentId);
    if (!entry || entry.limit === null || entry.active < entry.limit) return "take";
    return entry.cancelNew ? "cancel" : "skip";
  }

  /** Records that a run of the deployment now holds a slot. */
  taken(deploymentId: string | null): void {
    const entry = deploymentId === null ? undefined : this.#known.get(deploymentId);
    if (entry) entry.active++;
  }
}
