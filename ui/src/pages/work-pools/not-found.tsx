/** @module What the pool and queue pages say when the thing in the URL does not exist. */
import { Link } from "react-router";
import { isApiError } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { EmptyState, ErrorMessage } from "../../components/messages.js";

/** "No work pool named X" for a 404, the API's message otherwise. */
export function PoolLoadError({ error, what }: { error: unknown; what: string }) {
  if (isApiError(error, 404))
    return (
      <div data-testid="not-found">
        <EmptyState title={`No ${what}`}>
          <p>{error.message}</p>
          <p>
            It may have been deleted, or the link has a typo.{" "}
            <Link to={paths.workPools()}>All work pools</Link>
          </p>
        </EmptyState>
      </div>
    );
  return <ErrorMessage error={error} title={`Could not load the ${what.replace(/ named .*/, "")}`} />;
}
