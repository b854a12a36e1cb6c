import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    environment: "happy-dom",
    // The live test starts a real Herald server, sharing the machine's cores with everything else.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
