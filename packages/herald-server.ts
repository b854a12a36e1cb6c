// For the packages' tests: a real Herald server (the production build, see tests/helpers/server.ts)
// on a fresh PGlite directory, with a bootstrap API key.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { requireBuild, startServer, type RunningServer } from "../tests/helpers/server.ts";

export const TEST_API_KEY = "hk_packages_test_key_0123456789abcdefghij";

export type LiveHerald = { url: string; apiKey: string; server: RunningServer; stop(): Promise<void> };

export async function startHerald(env: Record<string, string> = {}): Promise<LiveHerald> {
  requireBuild();
  const dir = mkdtempSync(path.join(tmpdir(), "herald-packages-"));
  const server = await startServer({ PGLITE_DIR: dir, HERALD_API_KEY: TEST_API_KEY, ...env });
  return {
    url: server.url,
    apiKey: TEST_API_KEY,
    server,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
