import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "@node-rs/argon2", "pino", "pino-pretty"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
