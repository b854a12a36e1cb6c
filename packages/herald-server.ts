// For the packages' tests: a real Herald server (the production build, see tests/helpers/server.ts)
// with a bootstrap API key, on a fresh PGlite directory, or on a fresh PostgreSQL database when
// TEST_DATABASE_URL is set.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { requireBuild, startServer, type RunningServer } from "../tests/helpers/server.ts";

export const TEST_API_KEY = "hk_packages_test_key_0123456789abcdefghij";

export type LiveHerald = { url: string; apiKey: string; server: RunningServer; stop(): Promise<void> };

async function freshDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), "herald-packages-"));
    return { env: { PGLITE_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `herald_packages_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = () => postgres(adminUrl, { max: 1, onnotice: () => {} });
  const create = admin();
  await create.unsafe(`create database ${name}`);
  await create.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const drop = admin();
      await drop.unsafe(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

export async function startHerald(env: Record<string, string> = {}): Promise<LiveHerald> {
  requireBuild();
  const database = await freshDatabase();
  const server = await startServer({ ...database.env, HERALD_API_KEY: TEST_API_KEY, ...env });
  return {
    url: server.url,
    apiKey: TEST_API_KEY,
    server,
    stop: async () => {
      await server.stop();
      await database.drop();
    },
  };
}
