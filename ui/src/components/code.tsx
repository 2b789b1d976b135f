/** @module Commands to copy and JSON to read. */
import { useState } from "react";

/** A shell command with a Copy button. */
export function CommandBlock({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(command).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <div className="command" data-testid="command">
      {/* A region and a Tab stop: a long command scrolls sideways, by keyboard too. */}
      <code role="region" aria-label="Command" tabIndex={0}>
        {command}
      </code>
      <button type="button" className="small" onClick={copy}>
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

/** Pretty-printed JSON; "{}"-like empties say so. */
export function JsonView({ value, empty = "None" }: { value: unknown; empty?: string }) {
  const isEmpty =
    value === null ||
    value === undefined ||
    (typeof value === "object" && Object.keys(value as object).length === 0);
  if (isEmpty) return <div className="muted">{empty}</div>;
  return (
    <pre className="json" role="region" aria-label="JSON" tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
