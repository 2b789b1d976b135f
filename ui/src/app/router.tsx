/**
 * @module Every page and its URL. URLs are shareable: state worth sharing lives in the path or
 * query. Each page is its own chunk, loaded when first visited, so the first page a person opens
 * does not wait for the code of all the others (the custom-run form alone brings a JSON-schema
 * validator and the schedule libraries). Pages link with app/paths.ts, never with this module: the router
 * imports every page, so a page importing it back would tie them all into one circle.
 */
import type { ComponentType } from "react";
import { createBrowserRouter } from "react-router";
import { Layout } from "./layout.js";
import { RequireSession } from "./require-session.js";

/** A route's `lazy` loader: the page module's named component. */
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  return async () => ({ Component: (await load())[name] as ComponentType });
}

/**
 * What shows while the first page's code loads. The router renders it in place of a route whose
 * `lazy` has not resolved yet; without one it warns on every first load.
 */
function FirstLoad() {
  return (
    <div className="loading first-load" role="status">
      Loading Steward…
    </div>
  );
}

// Pages reached by two paths share one loader.
const dashboardPage = page(() => import("../pages/dashboard.js"), "DashboardPage");
const loadAutomationForm = () => import("../pages/automations/form-page.js");

/** The router of the app. */
export const router = createBrowserRouter([
  // Outside the layout: while signed out, nothing of the app around the form renders.
  {
    path: "/login",
    lazy: page(() => import("../pages/login/login-page.js"), "LoginPage"),
    HydrateFallback: FirstLoad,
  },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    HydrateFallback: FirstLoad,
    children: [
      { path: "/", lazy: dashboardPage },
      { path: "/dashboard", lazy: dashboardPage },
      { path: "/runs", lazy: page(() => import("../pages/flow-runs/list-page.js"), "FlowRunsPage") },
      {
        path: "/runs/flow-run/:id",
        lazy: page(() => import("../pages/flow-runs/run-page.js"), "FlowRunPage"),
      },
      {
        path: "/runs/task-run/:id",
        lazy: page(() => import("../pages/task-runs/task-run-page.js"), "TaskRunPage"),
      },
      { path: "/flows", lazy: page(() => import("../pages/flows/list-page.js"), "FlowsPage") },
      { path: "/flows/flow/:id", lazy: page(() => import("../pages/flows/flow-page.js"), "FlowPage") },
      {
        path: "/deployments",
        lazy: page(() => import("../pages/deployments/list-page.js"), "DeploymentsPage"),
      },
      {
        path: "/deployments/deployment/:id",
        lazy: page(() => import("../pages/deployments/deployment-page.js"), "DeploymentPage"),
      },
      {
        path: "/deployments/deployment/:id/run",
        lazy: page(() => import("../pages/deployments/custom-run-page.js"), "CustomRunPage"),
      },
      { path: "/work-pools", lazy: page(() => import("../pages/work-pools/list-page.js"), "WorkPoolsPage") },
      {
        path: "/work-pools/create",
        lazy: page(() => import("../pages/work-pools/create-page.js"), "CreateWorkPoolPage"),
      },
      {
        path: "/work-pools/work-pool/:name",
        lazy: page(() => import("../pages/work-pools/pool-page.js"), "WorkPoolPage"),
      },
      {
        path: "/work-pools/work-pool/:name/queue/:queue",
        lazy: page(() => import("../pages/work-pools/queue-page.js"), "WorkQueuePage"),
      },
      { path: "/events", lazy: page(() => import("../pages/events/events-page.js"), "EventsPage") },
      { path: "/events/:id", lazy: page(() => import("../pages/events/event-page.js"), "EventPage") },
      {
        path: "/automations",
        lazy: page(() => import("../pages/automations/list-page.js"), "AutomationsPage"),
      },
      {
        path: "/automations/new",
        lazy: page(loadAutomationForm, "CreateAutomationPage"),
      },
      {
        path: "/automations/:id",
        lazy: page(() => import("../pages/automations/automation-page.js"), "AutomationPage"),
      },
      {
        path: "/automations/:id/edit",
        lazy: page(loadAutomationForm, "EditAutomationPage"),
      },
      { path: "/settings", lazy: page(() => import("../pages/settings/settings-page.js"), "SettingsPage") },
      { path: "*", lazy: page(() => import("../pages/not-found.js"), "NotFoundPage") },
    ],
  },
]);
