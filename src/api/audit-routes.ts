import { z } from "zod";
import { ACCESS } from "../core/access.js";
import { AuditQuery, AuditRecord } from "./audit.js";
import type { RouteSpec } from "./route-spec.js";

/** The audit trail, readable by viewers and above (the callers' addresses by admins only). */
export const auditRoutes = {
  filterAuditRecords: {
    method: "POST",
    path: "/audit/filter",
    summary: "List the audit trail, newest first: who wrote what, when, with which role",
    tag: "Audit",
    access: ACCESS.viewer,
    body: AuditQuery,
    response: z.array(AuditRecord),
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;
