import { type Kysely, sql } from "kysely";
import { type ColumnTypes, columnTypes } from "./column-types.js";

/**
 * What the UI's pages (the dashboard, the flow runs list, the flow run page) need to stay fast with
 * a million runs, as measured by `npm run bench:ui-queries`: each list order and each list filter
 * walks an index in the order the page shows, so page 1 and page 100 read ~50 and ~5,000 index
 * entries instead of sorting every matching run, and each count is a range of one index that holds
 * every column it tests.
 *
 * The list orders (query/sorts.ts) keep NULLs last in both directions, which the dialects index
 * differently:
 * - descending: SQLite's DESC already puts NULLs last, so a plain index read backwards serves it;
 *   PostgreSQL's would put them first, so its indexes say `DESC NULLS LAST` (and `id DESC` for the
 *   tie-break, which is never NULL);
 * - ascending: SQLite cannot read `ASC NULLS LAST` from any index, so that order is spelled
 *   `(x is null), x` and indexed as such, the same on both dialects.
 *
 * Tags get a dictionary: `flow_run_tag_list` holds every distinct `flow_run.tags` value ever stored
 * (kept by triggers, never pruned: a list no run holds any more matches nothing). A tag filter finds
 * the matching lists among those few rows and then the runs holding them through the
 * (tags, expected_start_time) index, instead of opening the JSON of every run (see query/filters.ts).
 *
 * The number of runs is kept in `flow_run_count` (triggers on insert and delete, in the same
 * transaction, so it is exact): the unfiltered list's total is read there instead of counted over a
 * million index entries. On PostgreSQL it is split over up to 16 rows, picked by the connection's
 * backend process, so that concurrent inserts do not queue for one row lock; the total is their sum.
 *
 * The single-column flow_id and deployment_id indexes go: the composite indexes that replace them
 * start with the same column and serve every lookup they served.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await createIndexes(db, t);
  await createTagList(db, t);
  await createRunCount(db, t);
}

async function createIndexes(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  const postgres = t.dialect === "postgres";
  /** A descending list order (then id), as this dialect indexes it. */
  const desc = (expression: string) =>
    postgres ? `${expression} desc nulls last, id desc` : `${expression}, id`;
  const index = (name: string, columns: string) =>
    db.schema.createIndex(name).on("flow_run").expression(sql.raw(columns)).execute();

  // The default list order (EXPECTED_START_TIME_DESC) and time ranges. Carrying the state and the
  // tags lets the history chart count a week of runs, and a state or tag filter walk the list,
  // from the index alone.
  await index(
    "ix_flow_run__expected_start_time_id",
    `${desc("expected_start_time")}, state_type, state_name, tags`,
  );
  await index(
    "ix_flow_run__expected_start_time_asc",
    "(expected_start_time is null), expected_start_time, id",
  );
  await index("ix_flow_run__start_time_id", desc("coalesce(start_time, expected_start_time)"));
  await index("ix_flow_run__name_id", "name, id");

  // Each list filter, in the list's order.
  await db.schema.dropIndex("ix_flow_run__state_type_expected_start_time").execute();
  await index("ix_flow_run__state_type_expected_start_time", `state_type, ${desc("expected_start_time")}`);
  await db.schema.dropIndex("ix_flow_run__flow_id").execute();
  await index("ix_flow_run__flow_id_expected_start_time", `flow_id, ${desc("expected_start_time")}`);
  await db.schema.dropIndex("ix_flow_run__deployment_id").execute();
  await index(
    "ix_flow_run__deployment_id_expected_start_time",
    `deployment_id, ${desc("expected_start_time")}`,
  );
  await index(
    "ix_flow_run__work_pool_name_expected_start_time",
    `work_pool_name, ${desc("expected_start_time")}`,
  );
  await index("ix_flow_run__tags_expected_start_time", `tags, ${desc("expected_start_time")}`);

  // The dashboard: Late runs in all and per pool, and the latest failures (END_TIME_DESC of
  // FAILED/CRASHED). SQLite never picks a plain end_time index for the latter (it expects the
  // state to be more selective) but answers it from (state_type, end_time) by reading the newest
  // few of each state; PostgreSQL reads the end_time index backwards until it has enough.
  await index("ix_flow_run__state_name_work_pool_name", "state_name, work_pool_name");
  await (postgres
    ? index("ix_flow_run__end_time_id", desc("end_time"))
    : index("ix_flow_run__state_type_end_time", `state_type, ${desc("end_time")}`));
}

async function createTagList(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("flow_run_tag_list")
    .addColumn("tags", t.json, (c) => c.primaryKey())
    .execute();
  await sql`insert into flow_run_tag_list (tags) select distinct tags from flow_run`.execute(db);
  if (t.dialect === "sqlite") {
    // One writer at a time: NOT EXISTS cannot race, and it has no conflict clause for an outer
    // INSERT OR … to override.
    const add = sql.raw(
      "insert into flow_run_tag_list (tags) select new.tags where not exists (select 1 from flow_run_tag_list where tags = new.tags)",
    );
    await sql`create trigger tr_flow_run__tag_list_insert after insert on flow_run begin ${add}; end`.execute(
      db,
    );
    await sql`create trigger tr_flow_run__tag_list_update after update of tags on flow_run begin ${add}; end`.execute(
      db,
    );
    return;
  }
  // Inserts: once per statement (the scheduler writes 500 runs in one). Updates: only when the tags
  // really change, so state changes and heartbeats pay nothing. The functions keep the schema they
  // were made in, whatever the search path of the session that fires them.
  await sql`
    create function flow_run_tag_list_add_inserted() returns trigger language plpgsql set search_path from current as $$
    begin
      insert into flow_run_tag_list (tags) select distinct tags from inserted_runs on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`
    create function flow_run_tag_list_add_updated() returns trigger language plpgsql set search_path from current as $$
    begin
      insert into flow_run_tag_list (tags) values (new.tags) on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger tr_flow_run__tag_list_insert after insert on flow_run
    referencing new table as inserted_runs for each statement
    execute function flow_run_tag_list_add_inserted()`.execute(db);
  await sql`
    create trigger tr_flow_run__tag_list_update after update of tags on flow_run
    for each row when (old.tags is distinct from new.tags)
    execute function flow_run_tag_list_add_updated()`.execute(db);
}

async function createRunCount(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable("flow_run_count")
    .addColumn("shard", "integer", (c) => c.primaryKey())
    .addColumn("runs", "bigint", (c) => c.notNull())
    .execute();
  await sql`insert into flow_run_count (shard, runs) select 0, count(*) from flow_run`.execute(db);
  if (t.dialect === "sqlite") {
    const add = (delta: string) => sql.raw(`update flow_run_count set runs = runs ${delta} where shard = 0`);
    await sql`create trigger tr_flow_run__count_insert after insert on flow_run begin ${add("+ 1")}; end`.execute(
      db,
    );
    await sql`create trigger tr_flow_run__count_delete after delete on flow_run begin ${add("- 1")}; end`.execute(
      db,
    );
    return;
  }
  await sql`
    create function flow_run_count_add() returns trigger language plpgsql set search_path from current as $$
    declare
      delta bigint := (select count(*) from changed_runs);
    begin
      if tg_op = 'DELETE' then delta := -delta; end if;
      if delta <> 0 then
        insert into flow_run_count (shard, runs) values (pg_backend_pid() % 16, delta)
        on conflict (shard) do update set runs = flow_run_count.runs + excluded.runs;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger tr_flow_run__count_insert after insert on flow_run
    referencing new table as changed_runs for each statement execute function flow_run_count_add()`.execute(
    db,
  );
  await sql`
    create trigger tr_flow_run__count_delete after delete on flow_run
    referencing old table as changed_runs for each statement execute function flow_run_count_add()`.execute(
    db,
  );
}
