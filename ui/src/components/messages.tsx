/** @module How the UI says "loading", "nothing here yet" and "that failed". */
import type { ReactNode } from "react";
import { ApiError } from "../api/client.js";

/** A readable error: the API's message and code, or the exception's message. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="error-message" role="alert">
      <strong>{title ?? "Something went wrong"}</strong>
      {code && <span className="muted small"> ({code})</span>}
      <div>{message}</div>
    </div>
  );
}

/** What to show where a list is empty: what it is and what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <h2>{title}</h2>
      {children && <div>{children}</div>}
    </div>
  );
}

/** A quiet placeholder while data loads. */
export function Loading({ what }: { what?: string }) {
  return <div className="loading">Loading{what ? ` ${what}` : ""}…</div>;
}

/** Renders `children(data)` once a query has data; its error or a loading line before that. */
export function QueryView<T>({
  query,
  what,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean };
  what?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error)
    return <ErrorMessage error={query.error} title={what ? `Could not load ${what}` : undefined} />;
  return <Loading what={what} />;
}

/** The outcome of an action, shown until dismissed: a banner, or an error box for failures. */
export function Notice({
  tone,
  testId,
  className,
  onDismiss,
  children,
}: {
  tone: "error" | "info";
  testId: string;
  className?: string;
  onDismiss: () => void;
  children: ReactNode;
}) {
  return (
    <div
      className={`${className ? `${className} ` : ""}${tone === "error" ? "error-message" : "banner"}`}
      role="status"
      data-testid={testId}
    >
      <div className="row" style={{ alignItems: "flex-start", flexWrap: "nowrap" }}>
        <div style={{ flex: 1 }}>{children}</div>
        <button type="button" className="small ghost" aria-label="Dismiss" onClick={onDismiss}>
          ✕
        </button>
      </div>
    </div>
  );
}
