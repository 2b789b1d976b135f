/**
 * @module The Run button of a deployment (or of a flow's deployments): Quick run (its default
 * parameters, now) opens the new run's page; Custom run opens the parameter form. Shown only to
 * those whose role may start runs.
 */
import { type CSSProperties, Fragment, useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import type { Deployment } from "../../../../src/api/deployments.js";
import { routes } from "../../../../src/api/routes.js";
import { atLeast } from "../../../../src/core/access.js";
import { isApiError, useApiMutation } from "../../api/client.js";
import { paths } from "../../app/paths.js";
import { useSession } from "../../app/session.js";
import { ErrorMessage } from "../../components/messages.js";
import "./deployments.css";

/**
 * True when the signed-in role may start a deployment's run (what the API's route demands), so a
 * viewer is not offered a button that can only answer 403. Without auth everyone may.
 */
export function useMayStartRuns(): boolean {
  const { session } = useSession();
  if (!session.authEnabled) return true;
  const role = session.principal?.role;
  return role !== undefined && atLeast(role, routes.createFlowRunFromDeployment.access.role);
}

/** Creates a run with the deployment's defaults and opens its page. */
export function useQuickRun() {
  const navigate = useNavigate();
  return useApiMutation("createFlowRunFromDeployment", {
    onSuccess: (run) => void navigate(paths.flowRun(run.id)),
  });
}

/** Where the menu opens: fixed to the viewport, so tables that scroll do not clip it. */
function menuPosition(button: HTMLElement): CSSProperties {
  const rect = button.getBoundingClientRect();
  const right = window.innerWidth - rect.right;
  // Opens upwards when there is no room below (the last rows of a long table).
  return rect.bottom + 200 > window.innerHeight
    ? { position: "fixed", right, bottom: window.innerHeight - rect.top + 4 }
    : { position: "fixed", right, top: rect.bottom + 4 };
}

/**
 * "Run ▾" with Quick run and Custom run, for `deployment` or for each of `deployments` (a flow's,
 * under their names). `label` names the button for screen readers and tests.
 */
export function RunMenu({
  deployment,
  deployments,
  label = "Run",
  small,
}: {
  deployment?: Deployment;
  deployments?: readonly Deployment[];
  label?: string;
  small?: boolean;
}) {
  const may = useMayStartRuns();
  const choices = deployments ?? (deployment ? [deployment] : []);
  if (!may || choices.length === 0) return null;
  return <RunMenuButton choices={choices} label={label} small={small} />;
}

function RunMenuButton({
  choices,
  label,
  small,
}: {
  choices: readonly Deployment[];
  label: string;
  small?: boolean;
}) {
  const [position, setPosition] = useState<CSSProperties | null>(null);
  const open = position !== null;
  const quick = useQuickRun();
  const reset = quick.reset;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = () => {
      setPosition(null);
      reset();
    };
    const onPointer = (event: Event) => {
      if (!ref.current?.contains(event.target as Node)) close();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close();
    };
    // A fixed menu would drift from its button on scroll: close it instead.
    const onScroll = (event: Event) => {
      if (!ref.current?.contains(event.target as Node)) close();
    };
    document.addEventListener("mousedown", onPointer);
    document.addEventListener("keydown", onKey);
    window.addEventListener("scroll", onScroll, true);
    window.addEventListener("resize", close);
    return () => {
      document.removeEventListener("mousedown", onPointer);
      document.removeEventListener("keydown", onKey);
      window.removeEventListener("scroll", onScroll, true);
      window.removeEventListener("resize", close);
    };
  }, [open, reset]);
  return (
    <div className="run-menu" ref={ref}>
      <button
        type="button"
        className={`primary${small ? " small" : ""}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={label}
        onClick={(event) => setPosition(open ? null : menuPosition(event.currentTarget))}
      >
        ▶ Run <span aria-hidden>▾</span>
      </button>
      {open && (
        <div
          className="menu"
          role="menu"
          aria-label={`${label} options`}
          // Many deployments: the menu scrolls rather than running off the screen.
          style={{ ...position, maxHeight: "60vh", overflowY: "auto" }}
        >
          {choices.map((deployment) => {
            // With several deployments each item names its own, for screen readers and tests.
            const named = choices.length > 1 ? ` ${deployment.name}` : "";
            return (
              <Fragment key={deployment.id}>
                {named && (
                  <div className="muted small menu-hint" aria-hidden>
                    {deployment.name}
                  </div>
                )}
                <button
                  type="button"
                  role="menuitem"
                  aria-label={named ? `Quick run${named}` : undefined}
                  disabled={quick.isPending}
                  onClick={() => quick.mutate({ params: { id: deployment.id }, body: {} })}
                >
                  <strong>{quick.isPending ? "Starting…" : "Quick run"}</strong>
                  <span className="muted small">Now, with the deployment&apos;s parameters</span>
                </button>
                <Link
                  role="menuitem"
                  aria-label={named ? `Custom run${named}` : undefined}
                  to={paths.customRun(deployment.id)}
                >
                  <strong>Custom run</strong>
                  <span className="muted small">Choose parameters, start time, tags…</span>
                </Link>
              </Fragment>
            );
          })}
          {quick.error && <ErrorMessage error={quick.error} title="Could not start a run" />}
          {isApiError(quick.error) && quick.error.code === "INVALID_PARAMETERS" && (
            <span className="muted small menu-hint">Use Custom run to give the missing parameters.</span>
          )}
        </div>
      )}
    </div>
  );
}
