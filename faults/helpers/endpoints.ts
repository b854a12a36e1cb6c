// The declared operations as the fault cases walk them: every endpoint of lib/api/document.ts (the
// one list the router serves) and its schemas as JSON Schema, for building requests from them.
import { z } from "zod";
import { API_ENDPOINTS } from "@/lib/api/document";
import type { Endpoint } from "@/lib/api/endpoint";

export { API_ENDPOINTS, type Endpoint };

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
};

/** The schema as a client sends it (input side); undefined when it has none or zod cannot say. */
export const jsonSchemaOf = (schema: z.ZodType | undefined): JsonSchema | undefined => {
  if (!schema) return undefined;
  try {
    return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  } catch {
    return undefined;
  }
};

/** The path parameters of an endpoint, in order: `/users/{user_id}` → ["user_id"]. */
export const pathParams = (e: Endpoint): string[] =>
  [...e.spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
