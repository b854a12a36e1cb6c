// The one-file ES module a plain page loads with <script type="module">: the elements and
// @herald/js (with socket.io-client) bundled in.
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: false,
    sourcemap: true,
    lib: { entry: "src/index.ts", formats: ["es"], fileName: () => "herald-elements.js" },
  },
});
