import { openApiDocument } from "@/lib/openapi/document";

// Public and not wrapped: the document is raw JSON, not the envelope, and needs no caller.
export function GET() {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
