import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { readIdempotencyKey } from "@/lib/http/idempotency";
import { route } from "@/lib/http/route";
import { pageOf } from "@/lib/http/validation";
import { idempotencyScope, readScope } from "@/lib/notifications/access";
import { findNotifications } from "@/lib/notifications/inbox";
import { listQuery, sendSchema } from "@/lib/notifications/schema";
import { sendIdempotently } from "@/lib/notifications/send";
import { notificationJson } from "@/lib/notifications/serialize";

export const POST = route(
  { auth: "service", scope: "notifications:send", body: sendSchema },
  async ({ caller, body, req, url }) => {
    const sender = {
      tenantId: caller.tenantId,
      apiKeyId: caller.kind === "api_key" ? caller.apiKey.id : null,
      callerScope: idempotencyScope(caller),
      actor: actorOf(caller),
    };
    const outcome = await sendIdempotently(
      getDb(),
      sender,
      body,
      readIdempotencyKey(req.headers),
      url.pathname,
    );
    return Response.json(outcome.body, {
      status: outcome.status,
      headers: outcome.replayed ? { "Idempotent-Replayed": "true" } : undefined,
    });
  },
);

export const GET = route({ auth: "any", query: listQuery }, async ({ caller, query }) => {
  const page = await findNotifications(getDb(), readScope(caller, query.scope), query);
  const notifications = page.rows.map(notificationJson);
  if (query.cursor !== undefined) {
    return ok({ notifications, page_size: query.page_size, next_cursor: page.nextCursor });
  }
  return ok({
    notifications,
    ...pageOf(page.total!, query.page, query.page_size),
    next_cursor: page.nextCursor,
  });
});
