// The packages' generated files (packages/node/openapi.json, the openapi-typescript types in
// @herald/node and @herald/js) must match what the endpoint declarations produce today.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderSdkFiles } from "../../packages/node/scripts/generate";

const root = path.resolve(import.meta.dirname, "../..");

describe("the SDKs' generated contract", () => {
  it("is current: run `npm run generate:sdk` and commit when this fails", async () => {
    const files = await renderSdkFiles();
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(3);
    for (const [file, expected] of Object.entries(files)) {
      const committed = readFileSync(path.join(root, file), "utf8");
      expect(committed === expected, `${file} is stale: run \`npm run generate:sdk\``).toBe(true);
    }
  }, 60_000);
});
