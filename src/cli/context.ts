import { StewardClient } from "../client/client.js";
import { loadSettings, type Settings, withLocalApiDefault } from "../config/settings.js";
import type { CliIo } from "./io.js";
import { Output } from "./output.js";

/** Said when the API that commands fall back to (no STEWARD_API_URL set) does not answer. */
export const LOCAL_API_HINT =
  "STEWARD_API_URL is not set, so this is the local server's address: start it with `steward server start`, " +
  "or point STEWARD_API_URL at your server (`steward config set STEWARD_API_URL=…`).";

/**
 * What every command gets: the io, an Output, settings loaded once (lazily, so that `config` and
 * `profile` commands still work when a stored setting is invalid) and an API client.
 */
export class CliContext {
  readonly io: CliIo;
  readonly out: Output;
  #settings: Settings | undefined;
  #client: StewardClient | undefined;

  constructor(io: CliIo) {
    this.io = io;
    this.out = new Output(io);
  }

  /** Directory relative paths are resolved against. */
  get cwd(): string {
    return this.io.cwd ?? process.cwd();
  }

  /** The resolved settings (env > active profile > defaults); throws CONFIG_INVALID on bad values. */
  settings(): Settings {
    this.#settings ??= loadSettings(this.io.env);
    return this.#settings;
  }

  /** Settings whose `apiUrl` falls back to the local server's when STEWARD_API_URL is not set. */
  apiSettings(): Settings {
    return withLocalApiDefault(this.settings());
  }

  /**
   * A client for the configured API or, when none is configured, for the local server — so the
   * README's commands work right after `steward server start` with nothing else set.
   */
  client(): StewardClient {
    const configured = this.optionalClient();
    if (configured) return configured;
    const settings = this.apiSettings();
    this.#client ??= new StewardClient({
      apiUrl: settings.apiUrl ?? "",
      apiKey: settings.apiKey,
      retries: 2,
      unreachableHint: LOCAL_API_HINT,
    });
    return this.#client;
  }

  /** A client for the configured API, or null when none is configured. */
  optionalClient(): StewardClient | null {
    const { apiUrl, apiKey } = this.settings();
    if (!apiUrl) return null;
    // Fewer retries than the default: a person is waiting, and "cannot reach" should come quickly.
    this.#client ??= new StewardClient({ apiUrl, apiKey, retries: 2 });
    return this.#client;
  }
}
