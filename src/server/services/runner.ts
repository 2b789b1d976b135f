/** @module Starts and stops the server's background services together. */
import type { Service } from "./service.js";

/**
 * Runs a set of services. `start()` starts them in order; `stop()` stops them in reverse order
 * and waits for all, even when one fails to stop, so shutdown never hangs on a single service.
 */
export class ServiceRunner {
  readonly services: readonly Service[];
  readonly #log: (line: string) => void;
  #started: Service[] = [];

  constructor(services: readonly Service[], log: (line: string) => void = (line) => console.error(line)) {
    const names = new Set<string>();
    for (const service of services) {
      if (names.has(service.name))
        throw new Error(`Two background services are named "${service.name}"; names must be unique.`);
      names.add(service.name);
    }
    this.services = services;
    this.#log = log;
  }

  /** Starts every service. If one fails, those already started are stopped and the error is thrown. */
  async start(): Promise<void> {
    for (const service of this.services) {
      if (this.#started.includes(service)) continue;
      try {
        await service.start();
      } catch (error) {
        await this.stop();
        throw new Error(`Background service "${service.name}" failed to start: ${(error as Error).message}`, {
          cause: error,
        });
      }
      this.#started.push(service);
    }
  }

  /** Stops every started service, newest first. Idempotent. */
  async stop(): Promise<void> {
    const started = this.#started.reverse();
    this.#started = [];
    for (const service of started) {
      try {
        await service.stop();
      } catch (error) {
        this.#log(`service ${service.name}: stop failed: ${(error as Error).message}`);
      }
    }
  }
}
