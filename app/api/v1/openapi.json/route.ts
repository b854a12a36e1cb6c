import { route } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

// Public: the document is raw JSON, not the envelope, and needs no caller.
export const GET = route({ auth: "public" }, async () =>
  Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } }),
);
