/**
 * An in-process "this deployment's schedules may need runs" signal. The deployment repo raises
 * it after a create, update, schedule change or resume has committed; the scheduler service
 * listens and tops that deployment up at once, so new schedules get runs within about a second
 * instead of at the next periodic loop (which still runs as the safety net, and covers changes
 * made through other replicas).
 */
export class DeploymentSignal {
  readonly #listeners = new Set<(deploymentId: string) => void>();

  /** Tells every listener; a listener that throws does not stop the others. */
  emit(deploymentId: string): void {
    for (const listener of this.#listeners) {
      try {
        listener(deploymentId);
      } catch {
        // A listener's failure is its own; the write that raised the signal has succeeded.
      }
    }
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (deploymentId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
