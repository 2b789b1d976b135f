/**
 * @module The UI's favicon (ui/public/favicon.svg, the same bytes; a browser test compares them),
 * for the pages the server renders itself, such as `/docs`, which must show it even with `--no-ui`.
 */

/** The favicon's SVG. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4f46e5"/><path d="M9 21c2 2 4.5 3 7.2 3 3.6 0 6-1.8 6-4.5 0-5.6-12-3.4-12-9 0-2.5 2.3-4.5 5.8-4.5 2.4 0 4.4.8 6 2.2" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg>';

/** A `<link rel="icon">` carrying the favicon inline, so it needs no route of its own. */
export const FAVICON_LINK = `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}">`;
