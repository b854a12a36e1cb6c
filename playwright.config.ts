import { defineConfig, devices } from "@playwright/test";
import { ensureWebhookTls } from "./e2e/webhook-tls";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The host-app examples (examples/vite.config.ts) on another origin than Herald's, as a host app is.
const examplesPort = Number(process.env.E2E_EXAMPLES_PORT ?? port + 1);
const examplesURL = `http://127.0.0.1:${examplesPort}`;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "on-first-retry",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        // Browsers cannot be downloaded here: use the system Chromium.
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: "npm start",
      url: `${baseURL}/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        APP_URL: baseURL,
        PGLITE_DIR: "memory://",
        SEED_DEMO: "true",
        // The bootstrap API key the specs send with (e2e/fixtures.ts).
        HERALD_API_KEY: "hk_e2e_0123456789abcdef0123456789abcdef",
        LOG_LEVEL: "warn",
        METRICS_PUBLIC: "true",
        // Every browser signs in from 127.0.0.1: the per-address budget would refuse the suite itself.
        RATE_LIMIT_SIGN_IN_IP_PER_MIN: "10000",
        RATE_LIMIT_IP_PER_MIN: "100000",
        AUTH_SECRET: "e2e-auth-secret-0123456789abcdef0123456789abcdef",
        APP_SECRET: "e2e-app-secret-0123456789abcdef0123456789abcdef",
        // The webhooks spec's receiver: https on 127.0.0.1 with a certificate made for the run
        // (e2e/webhook-tls.ts), reachable as the operator's own host the allow-list names.
        NODE_EXTRA_CA_CERTS: ensureWebhookTls(),
        OUTBOUND_PRIVATE_HOSTS_ALLOWED: "127.0.0.1",
        // The examples' pages call the API and open the socket from their own origin.
        ALLOWED_ORIGINS: examplesURL,
      },
    },
    {
      // Built first: the examples use the packages as a host app would, from their dist/.
      command:
        "npm run build -w @herald/js && npm run build -w @herald/react && npm run build -w @herald/elements && npx vite --config examples/vite.config.ts",
      url: `${examplesURL}/react-vite/`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      env: { EXAMPLES_PORT: String(examplesPort) },
    },
  ],
});
