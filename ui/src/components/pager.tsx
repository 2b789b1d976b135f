/** @module Page controls for the `/paginate` endpoints. */

/** "Page 3 of 2,000 · 100,000 runs" with previous / next. */
export function Pager({
  page,
  pages,
  count,
  noun,
  onPage,
}: {
  page: number;
  pages: number;
  count: number;
  noun: string;
  onPage: (page: number) => void;
}) {
  if (count === 0) return null;
  return (
    <div className="pager">
      <span>
        Page {page.toLocaleString()} of {Math.max(pages, 1).toLocaleString()} · {count.toLocaleString()}{" "}
        {noun}
      </span>
      <button
        type="button"
        className="small"
        disabled={page <= 1}
        onClick={() => onPage(1)}
        aria-label="First page"
      >
        «
      </button>
      <button type="button" className="small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <button type="button" className="small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </div>
  );
}
