/** @module What the route modules are built from. */
import type { Authenticator } from "../auth/authenticator.js";
import type { Sessions } from "../auth/sessions.js";
import type { EventTail } from "../events/event-tail.js";
import type { ChangeFeed } from "../live/change-feed.js";
import type { Store } from "../storage/store.js";

/** Dependencies every route module receives; wired by hand in `createApp`. */
export interface RouteDeps {
  readonly store: Store;
  /** The server's version, reported by `GET /api/version`. */
  readonly version: string;
  /** Clock (UTC epoch ms); injected so time-dependent answers are testable. */
  readonly now: () => number;
  /** Aborts when the server is closing, so long-polls answer at once instead of holding it up. */
  readonly signal?: AbortSignal;
  /** Told about changes that handlers make beyond their answer (a waiting claim's polls). */
  readonly changes?: ChangeFeed;
  /** The live edge of the event table; woken after events are stored so streams see them at once. */
  readonly events?: EventTail;
  /** Told when an API key was created or revoked, so the authenticator forgets what it cached. */
  readonly onKeysChanged?: () => void;
  /** Who may call: the keys, the UI's sessions, and whether cookies must be Secure (TLS). */
  readonly access?: {
    readonly authenticator: Authenticator;
    readonly sessions: Sessions;
    readonly secureCookies: boolean;
  };
}
