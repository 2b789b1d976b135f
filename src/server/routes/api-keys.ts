/** @module Handlers of the `/api_keys` routes (admins only: the route table says so). */
import { found, RESOURCES } from "../http/resources.js";
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

type ApiKeyRoutes = "createApiKey" | "filterApiKeys" | "revokeApiKey";

/** API key handlers; a revoke also drops the key from the authenticator's cache, so it stops at once. */
export function apiKeyRoutes({ store, onKeysChanged }: RouteDeps): RouteHandlers<ApiKeyRoutes> {
  return {
    createApiKey: async ({ body }) => {
      const created = await store.apiKeys.create(body);
      onKeysChanged?.();
      return { body: created };
    },
    filterApiKeys: async ({ body }) => ({ body: await store.apiKeys.filter(body) }),
    revokeApiKey: async ({ params }) => {
      const revoked = found(await store.apiKeys.revoke(params.id), RESOURCES.api_keys, params.id);
      onKeysChanged?.();
      return { body: revoked };
    },
  };
}
