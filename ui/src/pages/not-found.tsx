/** @module The page for URLs that match no page. */
import { Link, useLocation } from "react-router";
import { Page } from "../components/page.js";
import { EmptyState } from "../components/messages.js";

/** "No page at /x" with a way back. */
export function NotFoundPage() {
  const location = useLocation();
  return (
    <Page name="not-found" title="Page not found" ready>
      <EmptyState title={`There is no page at ${location.pathname}`}>
        <Link to="/">Go to the dashboard</Link>
      </EmptyState>
    </Page>
  );
}
