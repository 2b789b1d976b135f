/**
 * @module The seeded log lines, as SQL that derives them from the runs already written (so ten
 * million lines never pass through JavaScript). Both dialects get the same lines: the shape below
 * is written once, with the few spots where SQLite and PostgreSQL spell things differently passed in.
 */

/** The most lines per run the id scheme allows (three hex digits). */
export const MAX_LOGS_PER_RUN = 4096;

/**
 * `SELECT` of the log rows (`idExpression`: the run's id with its last three hex digits replaced by
 * the line number, so ids stay unique UUIDs that sort with their run) for runs `r(k, id, state_type, base, span)` crossed with lines
 * `s(n)`; `:lines` is the number of lines per run. Levels are mostly INFO, some DEBUG and
 * WARNING, a few ERROR, and a failed run's last line is its error.
 */
export function logRowsSelect(idExpression: string, lines: number): string {
  // A cheap hash of (run, line), the same in both dialects, decides level and wording.
  const h = `((r.k * 2654435761 + s.n * 40503) % 100)`;
  const last = `s.n = ${lines - 1}`;
  // `||` binds tighter than `%` in SQLite and looser in PostgreSQL: arithmetic is parenthesised.
  return `select ${idExpression}, r.base + r.span * s.n / ${lines}, 
      case when s.n < 2 then 'steward.worker' else 'steward.flow_runs' end,
      case when ${last} and r.state_type in ('FAILED', 'CRASHED') then 40
           when ${h} < 10 then 10 when ${h} < 90 then 20 when ${h} < 97 then 30 else 40 end,
      case when s.n = 0 then 'Opening process for flow run ' || r.id
           when s.n = 1 then 'Downloading flow code from storage at ''flows/'''
           when ${last} and r.state_type = 'COMPLETED' then 'Finished in state Completed()'
           when ${last} and r.state_type in ('FAILED', 'CRASHED') then 'Finished in state Failed(''ValueError: upstream returned no rows'')'
           else 'Processed batch ' || s.n || ' of ${lines}: ' || (r.k % 9973) || ' rows written' end,
      r.base + r.span * s.n / ${lines}, r.id, null`;
}

/** The run columns `logRowsSelect` reads, computed from a flow_run row aliased `f`. */
export const LOG_RUN_COLUMNS = `f.id, f.state_type,
  coalesce(f.start_time, f.created) as base,
  coalesce(f.end_time, coalesce(f.start_time, f.created) + case when f.start_time is null then 1000 else 60000 end)
    - coalesce(f.start_time, f.created) as span`;

/** The log columns, in the order `logRowsSelect` yields them. */
export const LOG_COLUMNS = `(id, created, name, level, message, timestamp, flow_run_id, task_run_id)`;
