/** @module The "no worker is polling" banner with the command that starts one. */
import { CommandBlock } from "../../components/code.js";
import { workerStartCommand } from "./commands.js";

/** Shown on a pool's pages while none of its workers is online. */
export function WorkerBanner({ pool, everPolled }: { pool: string; everPolled: boolean }) {
  return (
    <div className="banner worker-banner" data-testid="worker-banner" role="status">
      <div className="worker-banner-text">
        <strong>{everPolled ? "No worker is online." : "No worker has polled this pool yet."}</strong> Runs
        sent here wait until a worker picks them up. Start one in a terminal:
      </div>
      <CommandBlock command={workerStartCommand(pool)} />
    </div>
  );
}
