/** Options of {@link watchForOrphaning}. */
export interface OrphanGuardOptions {
  /** Pid of the worker that started this process (STEWARD_WORKER_PID), checked directly. */
  readonly workerPid?: number;
  /** How often the parent is checked. @default 1000 */
  readonly intervalMs?: number;
}

/**
 * Calls `onOrphaned` once when the worker that started this process is gone: its IPC channel
 * closes (the worker opens one for exactly this), this process's parent changes (it was
 * re-parented to init or a subreaper), or the worker's pid no longer exists. A flow-run process
 * must never keep running headless: nobody would cancel it, and nobody would notice it crash.
 *
 * @returns a function that stops watching.
 */
export function watchForOrphaning(
  onOrphaned: (reason: string) => void,
  options: OrphanGuardOptions = {},
): () => void {
  let fired = false;
  const fire = (reason: string) => {
    if (fired) return;
    fired = true;
    stop();
    onOrphaned(reason);
  };
  const onDisconnect = () => fire("its IPC channel to the worker closed");
  if (process.channel) {
    process.once("disconnect", onDisconnect);
    // Watching must not keep the process alive once the flow is done.
    process.channel.unref();
  }
  const initialParent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== initialParent) fire(`its parent process ${initialParent} exited`);
    else if (options.workerPid !== undefined && !isAlive(options.workerPid)) {
      fire(`the worker process ${options.workerPid} exited`);
    }
  }, options.intervalMs ?? 1000);
  timer.unref();
  function stop(): void {
    clearInterval(timer);
    process.off("disconnect", onDisconnect);
  }
  return stop;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
