import { z } from "zod";
import { ACCESS } from "../core/access.js";
import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyQuery } from "./api-keys.js";
import type { RouteSpec } from "./route-spec.js";

/** API keys, for admins only. */
export const apiKeyRoutes = {
  createApiKey: {
    method: "POST",
    path: "/api_keys/",
    summary: "Create an API key; the answer holds the key, the only time it is shown",
    tag: "API keys",
    access: ACCESS.admin,
    body: ApiKeyCreate,
    response: ApiKeyCreated,
    status: 201,
  },
  filterApiKeys: {
    method: "POST",
    path: "/api_keys/filter",
    summary: "List API keys (never the keys themselves)",
    tag: "API keys",
    access: ACCESS.admin,
    body: ApiKeyQuery,
    response: z.array(ApiKey),
    status: 200,
  },
  revokeApiKey: {
    method: "POST",
    path: "/api_keys/{id}/revoke",
    summary: "Revoke an API key: it stops working at once",
    tag: "API keys",
    access: ACCESS.admin,
    response: ApiKey,
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;
