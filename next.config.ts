import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pg-boss",
    "@node-rs/argon2",
    "pino",
    "pino-pretty",
    // Loads drizzle-orm with a computed import(): both must come from node_modules at run time.
    "rate-limiter-flexible",
    "drizzle-orm",
  ],
  // A second build directory lets two builds (e.g. parallel work trees of tests) not collide.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // forbidden(): a signed-in user without the role gets a real 403 page, not a redirect.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

// Points next-intl at i18n/request.ts, where each request's language and messages are chosen.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

export default withNextIntl(nextConfig);
