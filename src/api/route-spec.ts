/** @module What a route of the API is, and the small bodies several resources share. */
import { z } from "zod";
import type { RouteAccess } from "../core/access.js";

/** One endpoint of the API: what it takes and what it answers. Paths are relative to `/api`. */
export interface RouteSpec {
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** Who may call it (see `core/access.ts`); the server refuses everyone else with 401 or 403. */
  readonly access: RouteAccess;
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  /** Successful response body; absent for 204 responses. */
  readonly response?: z.ZodType;
  readonly status: 200 | 201 | 204;
}

/** A count answer (`/…/count` routes). */
export const Count = z.number().int();
/** The ids of a bulk call. */
export const IdList = z.strictObject({ ids: z.array(z.uuid()).min(1).max(200) });
/** What a bulk delete answers: the ids that were deleted. */
export const Deleted = z.object({ deleted: z.array(z.uuid()) });
