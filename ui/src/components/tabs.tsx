/** @module Tabs kept in the URL (`?tab=`), so a tab is a shareable link and survives reloads. */
import { type KeyboardEvent, type ReactNode, useId, useRef } from "react";
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

/** The tab a key moves to from `index` (wrapping around), or undefined for other keys. */
function tabForKey(key: string, index: number, count: number): number | undefined {
  if (key === "ArrowRight") return (index + 1) % count;
  if (key === "ArrowLeft") return (index - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return undefined;
}

/**
 * A tab bar and the selected tab's panel (`children`), as the WAI-ARIA tabs pattern: one Tab stop
 * on the selected tab, Left/Right (wrapping), Home and End move and select, and the panel is
 * labelled by its tab. Selecting a tab goes through `onSelect`, so it stays in the URL.
 */
export function Tabs({
  tabs,
  selected,
  onSelect,
  children,
}: {
  tabs: readonly TabSpec[];
  selected: string;
  onSelect: (id: string) => void;
  children: ReactNode;
}) {
  const base = useId();
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const tabId = (id: string) => `${base}-tab-${id}`;
  const panelId = `${base}-panel`;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // From the focused tab, not `selected`: a key pressed before the last selection has
    // rendered still moves one step from where focus is.
    const focused = (event.target as HTMLElement).dataset.tab;
    const index = tabs.findIndex((tab) => tab.id === (focused ?? selected));
    const next = tabs[tabForKey(event.key, Math.max(index, 0), tabs.length) ?? -1];
    if (!next) return;
    event.preventDefault();
    onSelect(next.id);
    buttons.current.get(next.id)?.focus();
  };
  return (
    <>
      <div className="tabs" role="tablist" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(button) => {
              if (button) buttons.current.set(tab.id, button);
              else buttons.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            className="tab"
            id={tabId(tab.id)}
            aria-selected={tab.id === selected}
            aria-controls={panelId}
            tabIndex={tab.id === selected ? 0 : -1}
            data-tab={tab.id}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
            {tab.count !== undefined && <span className="count">{tab.count}</span>}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={panelId} aria-labelledby={tabId(selected)}>
        {children}
      </div>
    </>
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
