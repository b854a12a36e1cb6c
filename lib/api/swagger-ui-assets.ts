// Swagger UI's script, served by Herald itself so /docs works without any CDN. (Its CSS is
// bundled by Next; the 1.7 MB prebuilt script is served as is rather than re-bundled.)
import { readFile } from "node:fs/promises";
import path from "node:path";

// Only the files /docs loads: a request never names an arbitrary path under node_modules.
const ASSETS: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

// Resolved from the working directory (the server starts in the project root): a bundled route
// handler has no usable __dirname or require.resolve into node_modules.
const DIST_DIR = path.join(process.cwd(), "node_modules", "swagger-ui-dist");

export async function readSwaggerUiAsset(
  name: string,
): Promise<{ body: Buffer; contentType: string } | null> {
  const contentType = ASSETS[name];
  if (!contentType) return null;
  return { body: await readFile(path.join(DIST_DIR, name)), contentType };
}
