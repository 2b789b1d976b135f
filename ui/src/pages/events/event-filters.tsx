/** @module The filter bar of the Events page: name, resource, related resource and time range. */
import { useEffect, useState } from "react";
import { EVENT_RANGES, type EventsParams } from "./events-params.js";

/**
 * A text box whose value reaches `onCommit` after a pause in typing (or on Enter), so the URL and
 * the queries do not change on every keystroke. Follows `value` when the URL changes by itself.
 */
function FilterInput({
  label,
  placeholder,
  value,
  onCommit,
  width = 220,
}: {
  label: string;
  placeholder: string;
  value: string;
  onCommit: (value: string) => void;
  width?: number;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onCommit(draft.trim()), 400);
    return () => clearTimeout(timer);
  }, [draft]);
  return (
    <input
      type="search"
      aria-label={label}
      title={label}
      placeholder={placeholder}
      value={draft}
      style={{ minWidth: width }}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter") onCommit(draft.trim());
      }}
    />
  );
}

/** `2026-05-01T10:00:00.000Z` → the `datetime-local` value in the browser's zone. */
function toLocalInput(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return "";
  const date = new Date(ms);
  return new Date(ms - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : "";
}

/** The filters; every change goes to the URL through `onChange`. */
export function EventFilters({
  params,
  onChange,
  onClear,
}: {
  params: EventsParams;
  onChange: (changes: Partial<EventsParams>) => void;
  onClear: () => void;
}) {
  const filtered = Boolean(params.name || params.resource || params.related || params.range !== "24h");
  return (
    <div className="filters events-filters">
      <FilterInput
        label="Event name"
        placeholder="Event name, e.g. steward.flow-run.*"
        value={params.name}
        onCommit={(name) => onChange({ name })}
        width={260}
      />
      <FilterInput
        label="Resource id"
        placeholder="Resource id"
        value={params.resource}
        onCommit={(resource) => onChange({ resource })}
      />
      <FilterInput
        label="Related resource id"
        placeholder="Related resource id"
        value={params.related}
        onCommit={(related) => onChange({ related })}
      />
      <select
        aria-label="Time range"
        value={params.range}
        onChange={(event) => onChange({ range: event.target.value, since: "", until: "" })}
      >
        {EVENT_RANGES.map((range) => (
          <option key={range.id} value={range.id}>
            {range.label}
          </option>
        ))}
      </select>
      {params.range === "custom" && (
        <>
          <input
            type="datetime-local"
            aria-label="From"
            value={toLocalInput(params.since)}
            onChange={(event) => onChange({ since: fromLocalInput(event.target.value) })}
          />
          <span className="muted">to</span>
          <input
            type="datetime-local"
            aria-label="Until"
            title="Leave empty for now (the feed stays live)"
            value={toLocalInput(params.until)}
            onChange={(event) => onChange({ until: fromLocalInput(event.target.value) })}
          />
        </>
      )}
      {filtered && (
        <button type="button" className="ghost" onClick={onClear}>
          Clear filters
        </button>
      )}
    </div>
  );
}
