/**
 * @module The frame of every page: breadcrumbs, title, actions, and the `data-ready` attribute
 * that tests and the benchmark wait for (set once the page's main data has loaded).
 */
import { type ReactNode, useEffect } from "react";
import { Link } from "react-router";

/** The id of every page's `<main>`: the skip link's target. */
export const MAIN_CONTENT_ID = "main-content";

export interface Crumb {
  readonly label: string;
  readonly to?: string;
}

export interface PageProps {
  /** Short stable id, e.g. "dashboard" (`main[data-page]`). */
  readonly name: string;
  readonly title: ReactNode;
  /** Shown in the browser tab; defaults to `title` when it is a string. */
  readonly documentTitle?: string;
  readonly crumbs?: readonly Crumb[];
  /** Buttons on the right of the title. */
  readonly actions?: ReactNode;
  /** True once the data the page exists to show has loaded (or failed). */
  readonly ready: boolean;
  readonly children: ReactNode;
}

/** One page of the app. */
export function Page({ name, title, documentTitle, crumbs, actions, ready, children }: PageProps) {
  const tabTitle = documentTitle ?? (typeof title === "string" ? title : undefined);
  useEffect(() => {
    document.title = tabTitle ? `${tabTitle} · Steward` : "Steward";
  }, [tabTitle]);
  return (
    // tabIndex -1: the skip link moves focus here, so the next Tab continues inside the page.
    <main
      className="page"
      id={MAIN_CONTENT_ID}
      tabIndex={-1}
      data-page={name}
      data-ready={ready ? "true" : "false"}
    >
      {crumbs && crumbs.length > 0 && (
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          {crumbs.map((crumb, index) => (
            <span key={index}>
              {index > 0 && " / "}
              {crumb.to ? <Link to={crumb.to}>{crumb.label}</Link> : crumb.label}
            </span>
          ))}
        </nav>
      )}
      <header className="page-header">
        <div className="page-title">{typeof title === "string" ? <h1>{title}</h1> : title}</div>
        {actions && <div className="actions">{actions}</div>}
      </header>
      {children}
    </main>
  );
}
