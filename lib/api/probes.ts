// The health and metrics probes: plain answers for orchestrators and scrapers, outside the envelope.
import { timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { DATABASE_RETRY_AFTER_SECONDS } from "../errors";
import { checkHealth } from "../health";
import { metrics } from "../metrics";

export async function healthResponse(): Promise<Response> {
  const health = await checkHealth();
  const healthy = health.status === "healthy";
  return Response.json(health, {
    status: healthy ? 200 : 503,
    headers: healthy
      ? { "Cache-Control": "no-store" }
      : { "Cache-Control": "no-store", "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
  });
}

function bearerMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(header ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** With a token set, only its bearer reads; without one, open only if METRICS_PUBLIC or outside production. */
function mayReadMetrics(request: Request): boolean {
  const e = env();
  if (e.METRICS_TOKEN) return bearerMatches(request.headers.get("authorization"), e.METRICS_TOKEN);
  return e.METRICS_PUBLIC || e.NODE_ENV !== "production";
}

export async function metricsResponse(request: Request): Promise<Response> {
  if (!mayReadMetrics(request)) {
    return Response.json(
      { code: 401, message: "Unauthorized", error_code: "unauthorized" },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } },
    );
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
