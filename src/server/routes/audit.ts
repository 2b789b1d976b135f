/** @module Handler of `/audit/filter`: the audit trail, with callers' addresses for admins only. */
import { routes } from "../../api/routes.js";
import { atLeast } from "../../core/access.js";
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

/** Audit trail handlers. */
export function auditRoutes({ store }: RouteDeps): RouteHandlers<"filterAuditRecords"> {
  return {
    filterAuditRecords: async ({ body, principal }) => {
      const admin = principal !== undefined && atLeast(principal.role, "admin");
      const records = await store.audit.filter(body);
      return {
        body: records.map((record) => ({
          ...record,
          summary: summaryOf(record.action),
          address: admin ? record.address : null,
        })),
      };
    },
  };
}

function summaryOf(action: string): string {
  return Object.hasOwn(routes, action) ? routes[action as keyof typeof routes].summary : action;
}
