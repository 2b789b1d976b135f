/** @module The app's frame: navigation, who is signed in, live-update indicator, theme switch, and the page. */
import type { MouseEvent } from "react";
import { NavLink, Outlet } from "react-router";
import { useLiveUpdates } from "../api/live.js";
import { MAIN_CONTENT_ID } from "../components/page.js";
import { useTheme } from "../theme.js";
import { useMenu } from "./menu-button.js";
import { paths } from "./paths.js";
import { UserMenu } from "./user-menu.js";

const NAV = [
  { to: paths.dashboard(), label: "Dashboard", end: true },
  { to: paths.flowRuns(), label: "Runs" },
  { to: paths.flows(), label: "Flows" },
  { to: paths.deployments(), label: "Deployments" },
  { to: paths.workPools(), label: "Work pools" },
  { to: paths.automations(), label: "Automations" },
  { to: paths.events(), label: "Events" },
  { to: paths.settings(), label: "Settings" },
] as const;

const MENU_ID = "app-menu";

/** Focuses the page's main content (a plain `#` link would also go through the router's history). */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById(MAIN_CONTENT_ID);
  if (!main) return;
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
}

/** Skip link, sidebar (a Menu button at phone width) + current page. */
export function Layout() {
  const live = useLiveUpdates();
  const [theme, toggleTheme] = useTheme();
  const { open, menuButton } = useMenu(MENU_ID);
  return (
    <div className="shell">
      <a className="skip-link" href={`#${MAIN_CONTENT_ID}`} onClick={skipToMain}>
        Skip to main content
      </a>
      <header className="sidebar">
        <div className="sidebar-top">
          <a className="brand" href={paths.dashboard()}>
            <img src="/favicon.svg" alt="" />
            Steward
          </a>
          {menuButton}
        </div>
        <div className="sidebar-menu" id={MENU_ID} data-open={open}>
          <nav aria-label="Main">
            {NAV.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={"end" in item}
                className={({ isActive }) => `nav-link${isActive ? " active" : ""}`}
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="sidebar-footer">
            <UserMenu />
            <span className="live" data-live={live} title="Pages update by themselves while this is live">
              <span
                className={`status-dot ${live === "live" ? "live-on" : live === "offline" ? "live-off" : ""}`}
              />
              {live === "live" ? "Live" : live === "offline" ? "Disconnected" : "Connecting…"}
            </span>
            <button type="button" className="small" onClick={toggleTheme} data-testid="theme-toggle">
              {theme === "dark" ? "☀ Light theme" : "☾ Dark theme"}
            </button>
            <a href="/docs" className="muted">
              API docs
            </a>
          </div>
        </div>
      </header>
      <div className="content">
        <Outlet />
      </div>
    </div>
  );
}
