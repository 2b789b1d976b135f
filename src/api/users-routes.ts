import { z } from "zod";
import { ACCESS } from "../core/access.js";
import type { RouteSpec } from "./route-spec.js";
import { User, UserCreate, UserQuery, UserUpdate } from "./users.js";

/** Users who sign in with a name and password, managed by admins only. */
export const userRoutes = {
  createUser: {
    method: "POST",
    path: "/users/",
    summary: "Create a user who signs in to the UI with this name and password",
    tag: "Users",
    access: ACCESS.admin,
    body: UserCreate,
    response: User,
    status: 201,
  },
  filterUsers: {
    method: "POST",
    path: "/users/filter",
    summary: "List users (never their passwords)",
    tag: "Users",
    access: ACCESS.admin,
    body: UserQuery,
    response: z.array(User),
    status: 200,
  },
  updateUser: {
    method: "PATCH",
    path: "/users/{id}",
    summary: "Change a user's role or set a new password (which ends the user's sessions)",
    tag: "Users",
    access: ACCESS.admin,
    body: UserUpdate,
    response: User,
    status: 200,
  },
  disableUser: {
    method: "POST",
    path: "/users/{id}/disable",
    summary: "Disable a user: their sessions end at once and they can no longer sign in",
    tag: "Users",
    access: ACCESS.admin,
    response: User,
    status: 200,
  },
} as const satisfies Record<string, RouteSpec>;
