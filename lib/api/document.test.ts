// The API document comes from the endpoint declarations; these tests check what it promises.
import { validate, compileErrors } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { createApiApp } from "./app";
import { API_ENDPOINTS, openApiDocument } from "./document";

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

  it("declares a response schema and an operation for every endpoint", () => {
    const ids = new Set<string>();
    for (const { spec } of API_ENDPOINTS) {
      const name = `${spec.method.toUpperCase()} ${spec.path}`;
      expect(spec.data, `${name} has no response schema`).toBeDefined();
      expect(ids.has(spec.id), `${spec.id} is declared twice`).toBe(false);
      ids.add(spec.id);
      const op = doc.paths?.[spec.path]?.[spec.method];
      expect(op?.operationId, name).toBe(spec.id);
      const success = Object.entries(op?.responses ?? {}).filter(([status]) => status.startsWith("2"));
      expect(success.length, `${name} documents no success response`).toBeGreaterThan(0);
      for (const [status, response] of success)
        expect((response as { content?: object }).content, `${name} ${status} has no content`).toBeDefined();
    }
    const documented = Object.values(doc.paths ?? {}).flatMap((item) => Object.keys(item ?? {}));
    expect(documented.length).toBe(API_ENDPOINTS.length);
  });

  it("answers a path no endpoint declares as a JSON 404", async () => {
    const app = createApiApp([]);
    const empty = await app.request("/api/v1/notifications");
    expect(empty.status).toBe(404);
    expect(await empty.json()).toEqual({ code: 404, message: "Not found", error_code: "not_found" });
  });

  it("documents a stable error_code on every error response", () => {
    const error = doc.components?.schemas?.Error as {
      required?: string[];
      properties?: Record<string, unknown>;
    };
    expect(error.required).toEqual(expect.arrayContaining(["code", "message", "error_code"]));
    expect(error.properties?.error_code).toBeDefined();
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

  it("describes the workflow trigger for a list of users or a topic, and its trigger's progress", () => {
    const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema & { anyOf?: object[] }>;
    const to = schemas.WorkflowTrigger?.properties?.to as { anyOf?: ({ $ref?: string } & Schema)[] };
    expect(to.anyOf?.[0]?.maxItems).toBe(10_000);
    expect(to.anyOf?.[1]?.$ref).toBe("#/components/schemas/WorkflowTopicTarget");
    expect(schemas.WorkflowTopicTarget?.required).toEqual(["topic"]);
    expect(schemas.WorkflowTrigger?.properties).toHaveProperty("exclude_actor");
    const result = schemas.WorkflowTriggerResult;
    expect(result?.required).toEqual(["trigger_id", "status"]);
    expect(Object.keys(result?.properties ?? {})).toEqual(["trigger_id", "status", "run_ids"]);
    const progress = doc.paths?.["/api/v1/workflow-triggers/{id}"]?.get;
    expect(progress?.operationId).toBe("getWorkflowTrigger");
    expect(Object.keys(progress?.responses ?? {})).toContain("404");
    const runFilters = (doc.paths?.["/api/v1/workflow-runs"]?.get?.parameters ?? []) as { name: string }[];
    expect(runFilters.map((p) => p.name)).toContain("trigger_id");
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
