/**
 * A PostgreSQL cluster of one test file's own (initdb + pg_ctl in a temp folder, trust auth, on a
 * free port), so the test can stop and start it without disturbing the shared server on 5432.
 */
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./harness.js";

const run = promisify(execFile);
const POSTGRES_LIB = "/usr/lib/postgresql";
// PostgreSQL refuses to run as root, so as root the binaries run as this OS user.
const OS_USER = "postgres";

/** A running private cluster; `url` connects as the `postgres` role to the `postgres` database. */
export interface PrivatePostgres {
  readonly port: number;
  readonly url: string;
  /** Stops the server (`pg_ctl stop -m <mode>`) and waits until it is down. */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts it again on the same port and data and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it if it runs and removes its folder. Never throws. */
  destroy(): Promise<void>;
}

/** The folder with initdb and pg_ctl: the newest /usr/lib/postgresql/<version>/bin that has both. */
export function postgresBinDir(): string {
  const versions = existsSync(POSTGRES_LIB)
    ? readdirSync(POSTGRES_LIB)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const bin = join(POSTGRES_LIB, version, "bin");
    if (existsSync(join(bin, "initdb")) && existsSync(join(bin, "pg_ctl"))) return bin;
  }
  throw new Error(
    `This test needs PostgreSQL's server binaries (initdb, pg_ctl) under ${POSTGRES_LIB}/<version>/bin, and found none. Install them with \`apt-get install postgresql\`.`,
  );
}

/** Creates a cluster in a fresh temp folder and starts it on a free port. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const folder = mkdtempSync(join(tmpdir(), "steward-pg-"));
  const data = join(folder, "data");
  const logFile = join(folder, "postgres.log");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(folder, await osUserId("-u"), await osUserId("-g"));
  const pg = async (tool: string, args: string[]) => {
    const command = join(bin, tool);
    try {
      await (asRoot
        ? run("runuser", ["-u", OS_USER, "--", command, ...args], { cwd: folder })
        : run(command, args, { cwd: folder }));
    } catch (error) {
      const log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2000) : "";
      throw new Error(`${tool} ${args.join(" ")} failed: ${(error as Error).message}\n${log}`);
    }
  };

  await pg("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => pg("pg_ctl", ["start", "-D", data, "-l", logFile, "-w", "-t", "60", "-o", options]);
  const stop = (mode: "fast" | "immediate" = "fast") =>
    pg("pg_ctl", ["stop", "-D", data, "-m", mode, "-w", "-t", "60"]);
  await start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    destroy: async () => {
      if (existsSync(join(data, "postmaster.pid"))) await stop("immediate").catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function osUserId(flag: "-u" | "-g"): Promise<number> {
  try {
    const { stdout } = await run("id", [flag, OS_USER]);
    return Number(stdout.trim());
  } catch {
    throw new Error(
      `Running as root, this test starts PostgreSQL as the OS user '${OS_USER}', which does not exist. Install PostgreSQL with \`apt-get install postgresql\` (it creates the user).`,
    );
  }
}
