import { type Kysely, sql } from "kysely";
import { columnTypes } from "./column-types.js";

/**
 * The number of runs holding each distinct tag list, in `flow_run_tag_count`, so that the runs
 * list's total for a tag filter alone is a sum over the matching lists (a few rows) instead of a
 * count of every matching run: a tag most runs carry is 700,000 index entries at a million runs.
 *
 * Triggers keep it exact in the same transaction as every insert, delete and tag change. As with
 * `flow_run_count` (migration 0006), PostgreSQL spreads each list over up to 16 rows picked by the
 * connection's backend process, so that concurrent inserts of the same tags do not queue for one
 * row lock; a list's count is the sum of its rows. A list no run holds any more keeps its row at 0.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("flow_run_tag_count")
    .addColumn("tags", t.json, (c) => c.notNull())
    .addColumn("shard", "integer", (c) => c.notNull())
    .addColumn("runs", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("pk_flow_run_tag_count", ["tags", "shard"])
    .execute();
  await sql`insert into flow_run_tag_count (tags, shard, runs) select tags, 0, count(*) from flow_run group by tags`.execute(
    db,
  );
  await (t.dialect === "sqlite" ? sqliteTriggers(db) : postgresTriggers(db));
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  // One writer at a time: make sure the list has its row, then move it.
  const add = (tags: string, delta: string) =>
    sql.raw(
      `insert or ignore into flow_run_tag_count (tags, shard, runs) values (${tags}, 0, 0);
       update flow_run_tag_count set runs = runs ${delta} where tags = ${tags} and shard = 0;`,
    );
  await sql`create trigger tr_flow_run__tag_count_insert after insert on flow_run begin ${add("new.tags", "+ 1")} end`.execute(
    db,
  );
  await sql`create trigger tr_flow_run__tag_count_delete after delete on flow_run begin ${add("old.tags", "- 1")} end`.execute(
    db,
  );
  await sql`
    create trigger tr_flow_run__tag_count_update after update of tags on flow_run
    when old.tags is not new.tags
    begin ${add("old.tags", "- 1")} ${add("new.tags", "+ 1")} end`.execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  // Rows are taken in tag order, so two statements moving the same lists lock them in one order.
  const move = (from: string, sign: string) => `
    insert into flow_run_tag_count (tags, shard, runs)
    select tags, pg_backend_pid() % 16, ${sign}count(*) from ${from} group by tags order by tags
    on conflict (tags, shard) do update set runs = flow_run_tag_count.runs + excluded.runs`;
  // Inserts and deletes: once per statement (the scheduler writes 500 runs in one).
  await sql`
    create function flow_run_tag_count_add() returns trigger language plpgsql set search_path from current as $$
    begin
      if tg_op = 'DELETE' then ${sql.raw(move("changed_runs", "-"))};
      else ${sql.raw(move("changed_runs", ""))};
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger tr_flow_run__tag_count_insert after insert on flow_run
    referencing new table as changed_runs for each statement execute function flow_run_tag_count_add()`.execute(
    db,
  );
  await sql`
    create trigger tr_flow_run__tag_count_delete after delete on flow_run
    referencing old table as changed_runs for each statement execute function flow_run_tag_count_add()`.execute(
    db,
  );
  // Tag changes are rare: once per row whose tags really change (state changes pay nothing).
  await sql`
    create function flow_run_tag_count_move() returns trigger language plpgsql set search_path from current as $$
    begin
      ${sql.raw(move("(select old.tags) as moved(tags)", "-"))};
      ${sql.raw(move("(select new.tags) as moved(tags)", ""))};
      return null;
    end $$`.execute(db);
  await sql`
    create trigger tr_flow_run__tag_count_update after update of tags on flow_run
    for each row when (old.tags is distinct from new.tags)
    execute function flow_run_tag_count_move()`.execute(db);
}
