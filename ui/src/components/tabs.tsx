/** @module Tabs kept in the URL (`?tab=`), so a tab is a shareable link and survives reloads. */
import type { ReactNode } from "react";
import { useSearchParams } from "react-router";

export interface TabSpec {
  readonly id: string;
  readonly label: string;
  readonly count?: number;
}

/** The selected tab id (the first tab when `?tab=` is absent or unknown) and a setter. */
export function useTab(tabs: readonly TabSpec[]): [string, (id: string) => void] {
  const [params, setParams] = useSearchParams();
  const requested = params.get("tab");
  const selected = tabs.some((tab) => tab.id === requested) ? (requested as string) : (tabs[0]?.id ?? "");
  const select = (id: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set("tab", id);
        return next;
      },
      { replace: true },
    );
  return [selected, select];
}

/** A tab bar; render the selected tab's content below it. */
export function Tabs({
  tabs,
  selected,
  onSelect,
}: {
  tabs: readonly TabSpec[];
  selected: string;
  onSelect: (id: string) => void;
}) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          className="tab"
          aria-selected={tab.id === selected}
          data-tab={tab.id}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
          {tab.count !== undefined && <span className="count">{tab.count}</span>}
        </button>
      ))}
    </div>
  );
}

/** A titled panel. */
export function Card({
  title,
  actions,
  children,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card">
      {(title || actions) && (
        <div className="row" style={{ marginBottom: 10 }}>
          {title && <h2 style={{ margin: 0 }}>{title}</h2>}
          <span className="spacer" />
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}
