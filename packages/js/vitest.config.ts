import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    // The tests start a real Herald server, sharing the machine's cores with everything else.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
