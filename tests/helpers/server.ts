// Starts the real Herald server (server/index.ts) as a child process, the way `npm start` does.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
// node with tsx's loader in-process (not the tsx CLI, which runs the server as a child process:
// a SIGKILL would kill only the wrapper and leave the server running).
const node = path.join(root, "node_modules/.bin/node");
const serverArgs = ["--import", "tsx", "server/index.ts"];

export const TEST_SECRETS = {
  AUTH_SECRET: "test-auth-secret-0123456789abcdef0123456789abcdef",
  APP_SECRET: "test-app-secret-0123456789abcdef0123456789abcdef",
  // Production refuses to start with an open /metrics; the tests read it without a token.
  METRICS_PUBLIC: "true",
};

export function requireBuild(): void {
  if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"))) {
    throw new Error("These tests start the production server: run `npm run build` first.");
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export type RunningServer = {
  url: string;
  proc: ChildProcess;
  output: () => string;
  /** Sends the signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
};

export type ProcessResult = { code: number | null; stdout: string; stderr: string };

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // A clean environment: only what the test sets, plus what a process needs to run.
  return {
    PATH: `${path.join(root, "node_modules/.bin")}:${process.env.PATH}`,
    HOME: process.env.HOME,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "test",
    // The build requireBuild() checked, when it is not the default .next.
    ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
    ...extra,
  };
}

/** Runs the server expecting it to exit on its own (bad configuration). */
export function runToExit(
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 30_000,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(node, [...serverArgs, ...args], { cwd: root, env: baseEnv(env) });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (d) => (stdout += d));
    proc.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`server did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts the server and waits until /health answers (or the process dies). */
export async function startServer(env: Record<string, string>, args: string[] = []): Promise<RunningServer> {
  const port = Number(env.PORT ?? (await freePort()));
  const proc = spawn(node, [...serverArgs, ...args], {
    cwd: root,
    env: baseEnv({
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      ...TEST_SECRETS,
      ...env,
      PORT: String(port),
    }),
  });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`server did not answer /health within 150 s:\n${out}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200 || res.status === 503) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    proc,
    output: () => out,
    stop: async (signal = "SIGTERM") => {
      const started = Date.now();
      if (proc.exitCode === null) proc.kill(signal);
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}
