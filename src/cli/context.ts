import { StewardClient } from "../client/client.js";
import { loadSettings, type Settings } from "../config/settings.js";
import { CliError } from "./errors.js";
import type { CliIo } from "./io.js";
import { Output } from "./output.js";

/** The message shown whenever a command needs an API and none is configured. */
export const NO_API_MESSAGE =
  "No Steward API configured. Start one with `steward server start` and set " +
  "STEWARD_API_URL=http://127.0.0.1:4200/api (or `steward config set STEWARD_API_URL=…`)";

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

  /** A client for the configured API; fails with a clear message when no API is configured. */
  client(): StewardClient {
    const client = this.optionalClient();
    if (!client) throw new CliError(NO_API_MESSAGE);
    return client;
  }

  /** A client for the configured API, or null when none is configured. */
  optionalClient(): StewardClient | null {
    const apiUrl = this.settings().apiUrl;
    if (!apiUrl) return null;
    // Fewer retries than the default: a person is waiting, and "cannot reach" should come quickly.
    this.#client ??= new StewardClient({ apiUrl, retries: 2 });
    return this.#client;
  }
}
