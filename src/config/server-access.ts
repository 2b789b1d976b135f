/**
 * @module The comma-separated address settings of the server: the host names it answers to
 * (`STEWARD_SERVER_ALLOWED_HOSTS`) and the origins whose pages may call it
 * (`STEWARD_SERVER_ALLOWED_ORIGINS`), parsed and normalised.
 */
import { z } from "zod";

/** The access settings, spread into `SETTING_DEFINITIONS`. */
export const SERVER_ACCESS_DEFINITIONS = {
  STEWARD_SERVER_ALLOWED_HOSTS: {
    description:
      "Extra host names (comma-separated; name or name:port) the server answers to, e.g. a DNS name or a reverse proxy's; other Host headers get 421.",
    default: "",
  },
  STEWARD_SERVER_ALLOWED_ORIGINS: {
    description:
      "Origins (comma-separated, e.g. https://ops.example.com) besides the server's own whose pages may call the API, with CORS; others get 403. Empty: no CORS.",
    default: "",
  },
} as const satisfies Record<string, { description: string; default: string }>;

/** A comma-separated list; empty items dropped. */
const List = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== ""),
  );
/** Host names as a Host header carries them: `name`, `name:port`, `[v6]` or `[v6]:port`. */
export const HostList = List.pipe(
  z.array(
    z
      .string()
      .toLowerCase()
      .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$/, {
        error: "expected host names such as steward.example.com or steward.example.com:4200",
      }),
  ),
);
/** Origins as browsers send them: `scheme://host[:port]`, normalised (lower case, no default port). */
export const OriginList = List.pipe(
  z.array(
    z.string().transform((value, ctx) => {
      const origin = originOf(value);
      if (origin === undefined) {
        ctx.addIssue({
          code: "custom",
          message: `${JSON.stringify(value)} is not an origin; expected http(s)://host[:port] with no path, e.g. https://ops.example.com`,
        });
        return z.NEVER;
      }
      return origin;
    }),
  ),
);

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    const bare = !url.username && !url.password && !url.search && !url.hash && url.pathname === "/";
    return bare && (url.protocol === "http:" || url.protocol === "https:") ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
