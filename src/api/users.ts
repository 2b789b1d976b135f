/**
 * @module Users: people who sign in to the web UI with a name and a password that an admin gave
 * them. A user has one of the human roles (never `worker`); the server keeps only a scrypt hash of
 * the password, and a disabled user keeps its row, like a revoked key.
 */
import { z } from "zod";
import { Id, Timestamp } from "./common.js";
import { MAX_FILTER_VALUES } from "./limits.js";

/** Fewest characters a password may have. */
export const MIN_PASSWORD_LENGTH = 12;
/** Most characters a password may have: bounds the work one hash costs. */
export const MAX_PASSWORD_LENGTH = 1024;

/** A user's name: what they type to sign in, and how the audit trail refers to them. */
export const UserName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.@-]+$/, "use letters, digits, '.', '_', '@' and '-'");

/** The roles a user may have: the human ladder (worker and run keys are for machines). */
export const USER_ROLES = ["admin", "developer", "operator", "viewer"] as const;
export const UserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRole>;

/** A new password: long enough to resist guessing, short enough to hash cheaply. */
export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `use at most ${MAX_PASSWORD_LENGTH} characters`);

/** A user as listed: never the password or its hash. */
export const User = z.object({
  id: Id,
  created: Timestamp,
  name: z.string(),
  role: UserRole,
  /** When an admin disabled the user; null: the user may sign in. */
  disabled: Timestamp.nullable(),
  /** When the user last signed in. */
  last_login: Timestamp.nullable(),
  /** When the password was last set (created, reset by an admin, or changed by the user). */
  password_changed: Timestamp,
});
export type User = z.infer<typeof User>;

/** Body of `POST /users/`. */
export const UserCreate = z.strictObject({ name: UserName, role: UserRole, password: Password });

/** Body of `POST /users/filter`. */
export const UserQuery = z.strictObject({
  names: z.array(UserName).max(MAX_FILTER_VALUES).optional(),
  /** Also list disabled users. @default false */
  include_disabled: z.boolean().default(false),
});

/** Body of `PATCH /users/{id}`: an admin changes the role or sets a new password. */
export const UserUpdate = z
  .strictObject({ role: UserRole.optional(), password: Password.optional() })
  .refine((patch) => patch.role !== undefined || patch.password !== undefined, {
    message: "send a role, a password, or both",
  });

/** Body of `POST /auth/password`: a signed-in user changes their own password. */
export const PasswordChange = z
  .strictObject({
    current_password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
    new_password: Password,
  })
  .refine((change) => change.new_password !== change.current_password, {
    message: "the new password must differ from the current one",
    path: ["new_password"],
  });
