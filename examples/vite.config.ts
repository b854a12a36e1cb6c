// One Vite dev server for both examples: the React app at /react-vite/ and the plain HTML page at
// /web-components/, which loads @herald/elements's built bundle served from /herald-elements.js.
// Run: `npm run build:packages && npx vite --config examples/vite.config.ts`.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  publicDir: fileURLToPath(new URL("../packages/elements/dist", import.meta.url)),
  // The React app's .tsx files use the automatic JSX runtime (no React import needed).
  oxc: { jsx: { runtime: "automatic" } },
  // Pre-bundled at start rather than found on the first page load, which would reload the page.
  optimizeDeps: {
    include: ["react", "react-dom/client", "react/jsx-dev-runtime", "socket.io-client", "openapi-fetch"],
  },
  server: {
    host: "127.0.0.1",
    port: Number(process.env.EXAMPLES_PORT ?? 5173),
    strictPort: true,
  },
  logLevel: "warn",
});
