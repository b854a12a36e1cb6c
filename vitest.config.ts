import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "lib/**/*.test.ts",
            "server/**/*.test.ts",
            "components/**/*.test.tsx",
            "i18n/**/*.test.ts",
            "deploy/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          // next-auth imports "next/server" without the extension Node's ESM resolver needs; inlined,
          // Vite resolves it, so tests can call the Auth.js route handlers.
          server: { deps: { inline: ["next-auth"] } },
          // Generous: tests that start real server processes share two cores with everything else.
          testTimeout: 240_000,
          hookTimeout: 240_000,
          // Each file gets its own database; server tests start real processes, so keep the load sane.
          maxWorkers: 2,
          env: {
            NODE_ENV: "test",
            AUTH_SECRET: "integration-auth-secret-0123456789abcdef0123456789",
            APP_SECRET: "integration-app-secret-0123456789abcdef0123456789",
            LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
          },
        },
      },
      {
        extends: true,
        test: {
          // The fault suite (npm run test:faults): real server processes on a PostgreSQL server of its
          // own that the cases stop and restart, one case at a time.
          name: "faults",
          include: ["faults/**/*.test.ts"],
          environment: "node",
          testTimeout: 600_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          env: {
            NODE_ENV: "test",
            AUTH_SECRET: "faults-auth-secret-0123456789abcdef0123456789abcd",
            APP_SECRET: "faults-app-secret-0123456789abcdef0123456789abcde",
            LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
          },
        },
      },
    ],
  },
});
