import type { Compilable, CompiledQuery, DialectAdapter, QueryResult } from "kysely";
import type { Db } from "../database.js";

/**
 * A statement of fixed shape whose SQL is compiled once per database and then run with each
 * call's values. Kysely builds and compiles a query anew on every call (parsing the value object,
 * freezing nodes, visiting the tree: tens of µs), which the hot writes (a state change, run after
 * run) need not pay: only their values change.
 *
 * The SQL is made by compiling `build` with a unique marker in place of each value; every
 * parameter of the result must be one of those markers, which says where each value goes.
 * Whenever the compiled form could differ from what `build` makes (a value is undefined, which
 * Kysely leaves out of the statement; a key it was not compiled for; or the Kysely instance has
 * plugins), the query is built as usual instead.
 */
export class CompiledOnce<Values extends object> {
  readonly #build: (db: Db, values: Values) => Compilable;
  readonly #keys: readonly (keyof Values & string)[];
  // Per dialect adapter: one per Kysely instance, so one per database (and per dialect).
  readonly #compiled = new WeakMap<DialectAdapter, { query: CompiledQuery; order: (keyof Values)[] }>();

  /** `build` makes the statement from values with exactly `keys`. */
  constructor(keys: readonly (keyof Values & string)[], build: (db: Db, values: Values) => Compilable) {
    this.#keys = keys;
    this.#build = build;
  }

  /** Runs the statement on `db` (a transaction or not) with `values`. */
  execute(db: Db, values: Values): Promise<QueryResult<unknown>> {
    const executor = db.getExecutor();
    // Exactly the keys it was compiled for: a column missing (undefined) or added (a key it does
    // not know) would otherwise be dropped from the statement without a word.
    if (
      executor.plugins.length > 0 ||
      Object.keys(values).length !== this.#keys.length ||
      this.#keys.some((key) => values[key] === undefined)
    ) {
      return db.executeQuery(this.#build(db, values));
    }
    let compiled = this.#compiled.get(executor.adapter);
    if (compiled === undefined) {
      compiled = this.#compile(db);
      this.#compiled.set(executor.adapter, compiled);
    }
    const { query, order } = compiled;
    return db.executeQuery({ ...query, parameters: order.map((key) => values[key]) });
  }

  #compile(db: Db): { query: CompiledQuery; order: (keyof Values)[] } {
    const markers = new Map<string, keyof Values>();
    const template: Record<string, string> = {};
    for (const key of this.#keys) {
      const marker = `\u0000compiled-once:${key}`;
      markers.set(marker, key);
      template[key] = marker;
    }
    const query = this.#build(db, template as unknown as Values).compile();
    const order = query.parameters.map((parameter) => {
      const key = typeof parameter === "string" ? markers.get(parameter) : undefined;
      if (key === undefined) throw new Error(`CompiledOnce: a parameter of "${query.sql}" is not a value`);
      return key;
    });
    return { query, order };
  }
}
