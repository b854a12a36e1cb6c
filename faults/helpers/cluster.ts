// A PostgreSQL server of the fault suite's own (initdb in a temporary directory, its own port), so
// a test can stop, restart and start it without touching the machine's database the other suites use.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../tests/helpers/server";

const run = promisify(execFile);

export type Cluster = {
  /** An admin URL (database `postgres`, trust auth) for creating the test's database. */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: open connections are terminated, new ones refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`. */
  restart(): Promise<void>;
  destroy(): Promise<void>;
};

function binDir(): string {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root))
    throw new Error("The fault suite needs PostgreSQL's server binaries under /usr/lib/postgresql");
  const newest = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0]!;
  return path.join(root, newest, "bin");
}

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user. */
const asServerUser = (command: string, args: string[]) =>
  process.getuid?.() === 0 ? run("runuser", ["-u", "postgres", "--", command, ...args]) : run(command, args);

export async function startCluster(): Promise<Cluster> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(tmpdir(), "herald-faults-pg-"));
  if (process.getuid?.() === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout), Number(gid));
  }
  const data = path.join(dir, "data");
  await asServerUser(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  const port = await freePort();
  // No fsync: the suite tests Herald under a database that goes away, not the disk's durability.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const ctl = (...args: string[]) =>
    asServerUser(path.join(bin, "pg_ctl"), [
      "-D",
      data,
      "-l",
      path.join(dir, "log"),
      "-w",
      "-t",
      "60",
      ...args,
    ]);
  const start = async () => void (await ctl("-o", options, "start"));
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop: async () => void (await ctl("-m", "fast", "stop")),
    restart: async () => void (await ctl("-m", "fast", "-o", options, "restart")),
    destroy: async () => {
      await ctl("-m", "immediate", "stop").catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
