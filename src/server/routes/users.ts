/** @module Handlers of the `/users` routes (admins only: the route table says so). */
import { hashPassword } from "../auth/passwords.js";
import { found, RESOURCES } from "../http/resources.js";
import type { RouteHandlers } from "../http/route-types.js";
import type { RouteDeps } from "./deps.js";

type UserRoutes = "createUser" | "filterUsers" | "updateUser" | "disableUser";

/**
 * User handlers. The first user turns auth on like the first key, so a create tells the
 * authenticator to forget its cached on/off state; a disable ends the user's sessions at once.
 */
export function userRoutes({ store, onKeysChanged }: RouteDeps): RouteHandlers<UserRoutes> {
  return {
    createUser: async ({ body }) => {
      const passwordHash = await hashPassword(body.password);
      const created = await store.users.create({ name: body.name, role: body.role, passwordHash });
      onKeysChanged?.();
      return { body: created };
    },
    filterUsers: async ({ body }) => ({ body: await store.users.filter(body) }),
    updateUser: async ({ params, body }) => {
      const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
      const updated = await store.users.update(params.id, { role: body.role, passwordHash });
      return { body: found(updated, RESOURCES.users, params.id) };
    },
    disableUser: async ({ params }) => ({
      body: found(await store.users.disable(params.id), RESOURCES.users, params.id),
    }),
  };
}
