/**
 * @module The filter bar of the flow runs list: past or upcoming runs, then the filters; every
 * control reads and writes the URL's view.
 */
import { useEffect, useRef, useState } from "react";
import { useApi } from "../../api/client.js";
import { TIME_RANGES } from "../../components/run-history-chart.js";
import { RunViewSwitch } from "../../components/run-views.js";
import { FilterField } from "./filter-field.js";
import {
  defaultSortId,
  hasFilters,
  rangeStart,
  type RunsQuery,
  SORT_CHOICES,
  STATE_CHOICES,
} from "./runs-query.js";

/** Props of {@link RunFilters}: the view and how to change it (filters reset the page). */
export interface RunFiltersProps {
  readonly query: RunsQuery;
  readonly onChange: (changes: Partial<RunsQuery>) => void;
  readonly onClear: () => void;
  /** How many upcoming runs the filters match, for the switch (when known). */
  readonly upcomingCount?: number;
}

/** State, flow, deployment, pool, tags, date range and sort controls. */
export function RunFilters({ query, onChange, onClear, upcomingCount }: RunFiltersProps) {
  const flows = useApi("filterFlows", { body: { sort: "NAME_ASC", limit: 200 } });
  const deployments = useApi("filterDeployments", { body: { sort: "NAME_ASC", limit: 200 } });
  const pools = useApi("filterWorkPools", { body: {} });
  const custom = !query.range && Boolean(query.after || query.before);
  const [showCustom, setShowCustom] = useState(custom);
  const rangeValue = query.range || (custom || showCustom ? "custom" : "");
  return (
    <div className="runs-filters" data-testid="run-filters">
      <div className="filters">
        <RunViewSwitch
          value={query.view}
          upcomingCount={upcomingCount}
          // Each view comes in its own order: the order chosen for the other does not carry over.
          onChange={(view) => onChange({ view, sort: defaultSortId(view) })}
        />
        <StatePicker selected={query.states} onChange={(states) => onChange({ states })} />
        <FilterField label="Flow">
          {(id) => (
            <select
              id={id}
              value={query.flow}
              onChange={(event) => onChange({ flow: event.target.value, deployment: "" })}
            >
              <option value="">All flows</option>
              {withSelected(flows.data ?? [], query.flow).map((flow) => (
                <option key={flow.id} value={flow.id}>
                  {flow.name}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Deployment">
          {(id) => (
            <select
              id={id}
              value={query.deployment}
              onChange={(event) => onChange({ deployment: event.target.value })}
            >
              <option value="">All deployments</option>
              {withSelected(
                (deployments.data ?? []).filter(
                  (deployment) => !query.flow || deployment.flow_id === query.flow,
                ),
                query.deployment,
              ).map((deployment) => (
                <option key={deployment.id} value={deployment.id}>
                  {deployment.name}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Work pool">
          {(id) => (
            <select id={id} value={query.pool} onChange={(event) => onChange({ pool: event.target.value })}>
              <option value="">All pools</option>
              {withSelected(
                (pools.data ?? []).map((pool) => ({ id: pool.name, name: pool.name })),
                query.pool,
              ).map((pool) => (
                <option key={pool.id} value={pool.id}>
                  {pool.name}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <TagsInput tags={query.tags} onChange={(tags) => onChange({ tags })} />
        <FilterField label="Expected start">
          {(id) => (
            <select
              id={id}
              value={rangeValue}
              onChange={(event) => {
                const value = event.target.value;
                setShowCustom(value === "custom");
                if (value !== "custom") onChange({ range: value, after: "", before: "" });
                // A custom range starts from the preset that was chosen, ready to adjust.
                else if (query.range)
                  onChange({ range: "", after: rangeStart(query.range, Date.now()), before: "" });
              }}
            >
              <option value="">Any time</option>
              {TIME_RANGES.map((range) => (
                <option key={range.id} value={range.id}>
                  {range.label}
                </option>
              ))}
              <option value="custom">Custom range…</option>
            </select>
          )}
        </FilterField>
        {rangeValue === "custom" && (
          <>
            <FilterField label="From">
              {(id) => (
                <input
                  id={id}
                  type="datetime-local"
                  value={toLocalInput(query.after)}
                  onChange={(event) => onChange({ range: "", after: fromLocalInput(event.target.value) })}
                />
              )}
            </FilterField>
            <FilterField label="To">
              {(id) => (
                <input
                  id={id}
                  type="datetime-local"
                  value={toLocalInput(query.before)}
                  onChange={(event) => onChange({ range: "", before: fromLocalInput(event.target.value) })}
                />
              )}
            </FilterField>
          </>
        )}
        <span className="spacer" />
        <FilterField label="Sort">
          {(id) => (
            <select
              id={id}
              value={query.sort}
              onChange={(event) => onChange({ sort: event.target.value as RunsQuery["sort"] })}
            >
              {SORT_CHOICES.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {query.view === "upcoming" ? choice.upcomingLabel : choice.label}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        {hasFilters(query) && (
          <button type="button" className="ghost small" onClick={onClear}>
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}

/** A multi-select of states as a drop-down of checkboxes. */
function StatePicker({
  selected: fromUrl,
  onChange,
}: {
  selected: readonly string[];
  onChange: (states: string[]) => void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  // Ticked at once, before the URL change has gone through the router; the URL wins after.
  const [selected, setSelected] = useState<readonly string[]>(fromUrl);
  const urlKey = fromUrl.join(",");
  useEffect(() => setSelected(urlKey ? urlKey.split(",") : []), [urlKey]);
  const choose = (states: string[]) => {
    setSelected(states);
    onChange(states);
  };
  // Close the drop-down on a click elsewhere, as a select would.
  useEffect(() => {
    const close = (event: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(event.target as Node)) ref.current.open = false;
    };
    document.addEventListener("click", close);
    return () => document.removeEventListener("click", close);
  }, []);
  const labels = STATE_CHOICES.filter((choice) => selected.includes(choice.id)).map((choice) => choice.label);
  const chosen = labels.length === 0 ? "All states" : labels.join(", ");
  const toggle = (id: string) =>
    choose(
      selected.includes(id)
        ? selected.filter((state) => state !== id)
        : STATE_CHOICES.map((c) => c.id).filter((c) => c === id || selected.includes(c)),
    );
  return (
    <div className="filter-field">
      <span className="filter-label">State</span>
      <details className="state-picker" ref={ref}>
        {/* The name starts with what the summary shows, so voice control finds it by its text. */}
        <summary aria-label={`${chosen}, state filter`} data-testid="state-filter">
          {chosen}
        </summary>
        <div className="state-picker-menu" role="group" aria-label="States">
          {STATE_CHOICES.map((choice) => (
            <label key={choice.id}>
              <input
                type="checkbox"
                checked={selected.includes(choice.id)}
                onChange={() => toggle(choice.id)}
                data-state-choice={choice.id}
              />
              <span className={`state-dot state-dot-${choice.id}`} aria-hidden />
              {choice.label}
            </label>
          ))}
          {selected.length > 0 && (
            <button type="button" className="small ghost" onClick={() => choose([])}>
              Any state
            </button>
          )}
        </div>
      </details>
    </div>
  );
}

/** Comma-separated tags, applied on Enter or when the field loses focus. */
function TagsInput({ tags, onChange }: { tags: readonly string[]; onChange: (tags: string[]) => void }) {
  const joined = tags.join(", ");
  const [text, setText] = useState(joined);
  // The URL can change under the field (back button, Clear filters).
  useEffect(() => setText(joined), [joined]);
  const apply = () => {
    const next = text
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean);
    if (next.join(", ") !== joined) onChange(next);
  };
  return (
    <FilterField label="Tags">
      {(id) => (
        <input
          id={id}
          type="text"
          placeholder="all of: a, b"
          value={text}
          size={14}
          onChange={(event) => setText(event.target.value)}
          onBlur={apply}
          onKeyDown={(event) => {
            if (event.key === "Enter") apply();
          }}
        />
      )}
    </FilterField>
  );
}

/** The options, plus the selected id when it is not among them (so the select still shows it). */
function withSelected<T extends { id: string; name: string }>(
  options: readonly T[],
  selected: string,
): { id: string; name: string }[] {
  if (!selected || options.some((option) => option.id === selected)) return [...options];
  return [...options, { id: selected, name: selected }];
}

/** ISO → the `YYYY-MM-DDTHH:mm` a datetime-local input shows, in the browser's zone. */
function toLocalInput(iso: string): string {
  if (!iso) return "";
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local value (browser's zone) → ISO, or "" when cleared. */
function fromLocalInput(value: string): string {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}
