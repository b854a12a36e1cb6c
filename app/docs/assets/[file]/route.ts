import { errorResponse } from "@/lib/http/envelope";
import { readSwaggerUiAsset } from "@/lib/api/swagger-ui-assets";

export async function GET(_req: Request, { params }: { params: Promise<{ file: string }> }) {
  const asset = await readSwaggerUiAsset((await params).file);
  if (!asset) return errorResponse("not_found", "Not found");
  return new Response(new Uint8Array(asset.body), {
    // The package version is pinned, so a day of caching is safe.
    headers: { "Content-Type": asset.contentType, "Cache-Control": "public, max-age=86400" },
  });
}
