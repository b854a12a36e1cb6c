import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

function authorized(header: string | null, token: string): boolean {
  const given = Buffer.from(header ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** With a token set, only its bearer reads; without one, open only if METRICS_PUBLIC or outside production. */
function allowed(request: Request): boolean {
  const e = env();
  if (e.METRICS_TOKEN) return authorized(request.headers.get("authorization"), e.METRICS_TOKEN);
  return e.METRICS_PUBLIC || e.NODE_ENV !== "production";
}

export async function GET(request: Request) {
  if (!allowed(request)) {
    return Response.json(
      { code: 401, message: "Unauthorized" },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } },
    );
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
