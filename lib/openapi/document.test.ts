import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { validate, compileErrors } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";

const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every route file under app/api/v1 as [OpenAPI path, exported methods]. */
function routeFiles(dir = API_DIR): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFiles(full));
    else if (entry.name === "route.ts") {
      const source = readFileSync(full, "utf8");
      const methods = [
        ...source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g),
      ].map((m) => m[1]!.toLowerCase());
      const rel = path.relative(API_DIR, path.dirname(full)).split(path.sep).join("/");
      out.push([`/api/v1/${rel}`.replace(/\[(\w+)\]/g, "{$1}"), methods]);
    }
  }
  return out;
}

type Schema = {
  required?: string[];
  properties?: Record<string, Schema>;
  maxItems?: number;
  maximum?: number;
};

describe("the OpenAPI document", () => {
  const doc = openApiDocument();

  it("is valid OpenAPI 3.1", async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info).toMatchObject({ title: "Herald API" });
    // The validator dereferences in place: give it a copy.
    const result = await validate(structuredClone(doc) as Parameters<typeof validate>[0]);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  });

  it("documents every route under app/api/v1 with the methods it exports", () => {
    const routes = routeFiles();
    expect(routes.length).toBeGreaterThan(10);
    for (const [route, methods] of routes) {
      expect(methods.length, `${route} exports no handler`).toBeGreaterThan(0);
      for (const method of methods) {
        expect(doc.paths?.[route], `${route} is missing`).toBeDefined();
        expect(
          doc.paths?.[route]?.[method as "get"],
          `${method.toUpperCase()} ${route} is missing`,
        ).toBeDefined();
      }
    }
  });

  it("describes the send request from its schema", () => {
    const post = doc.paths?.["/api/v1/notifications"]?.post;
    const body = post?.requestBody as { content: Record<string, { schema: Schema }> } | undefined;
    const schema = body?.content["application/json"]?.schema;
    expect(schema?.required).toContain("user_ids");
    expect(schema?.properties?.user_ids?.maxItems).toBe(10_000);
    const headers = (post?.parameters ?? []) as { name: string; in: string }[];
    expect(headers).toContainEqual(expect.objectContaining({ name: "Idempotency-Key", in: "header" }));
    expect(JSON.stringify(post?.responses?.["200"])).toContain("Idempotent-Replayed");
  });

  it("caps page_size at 100", () => {
    const params = (doc.paths?.["/api/v1/notifications"]?.get?.parameters ?? []) as {
      name: string;
      schema: Schema;
    }[];
    expect(params.find((p) => p.name === "page_size")?.schema.maximum).toBe(100);
  });

  it("is built once", () => {
    expect(openApiDocument()).toBe(doc);
  });
});
