// For the component tests: Herald's inbox REST API over an in-memory list, answering with the
// API's envelope (`{code, message, data}`), cursor pages and the 401 an expired token gets.
import type { Notification } from "@herald/js";

let seq = 0;

export function makeNotification(title: string, patch: Partial<Notification> = {}): Notification {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    seq,
    change_seq: seq,
    user_id: "alice",
    tenant_id: "00000000-0000-0000-0000-000000000001",
    title,
    content: `${title} body`,
    type: "info",
    priority: "normal",
    status: "sent",
    channels: ["app"],
    metadata: {},
    template_code: null,
    batch_id: null,
    group_key: null,
    created_at: new Date().toISOString(),
    scheduled_at: null,
    sent_at: new Date().toISOString(),
    read_at: null,
    seen_at: null,
    recalled_at: null,
    archived_at: null,
    snoozed_until: null,
    interacted_at: null,
    actions: [],
    image_url: null,
    avatar: null,
    expires_at: null,
    ...patch,
  };
}

const envelope = (data: unknown, status = 200) =>
  Response.json({ code: status, message: status < 400 ? "Success" : "Error", data }, { status });

export function createApiStub(initial: Notification[], opts: { tokens?: string[] } = {}) {
  const rows = [...initial];
  const calls: string[] = [];
  const interactions: { id: string; action_id?: string }[] = [];
  const accepted = new Set(opts.tokens ?? ["token-1"]);
  let preferences = {
    user_id: "alice",
    channels: {},
    disabled_channels: [] as string[],
    do_not_disturb: null,
    timezone: null,
    effective_timezone: "UTC",
    mute_until: null as string | null,
    is_muted: false,
    workflows: {},
  };
  // The default list and the count leave out archived and snoozed rows, as Herald's do.
  const inInbox = (n: Notification) =>
    n.archived_at === null && (n.snoozed_until === null || new Date(n.snoozed_until) <= new Date());
  const unread = () => rows.filter((n) => n.read_at === null && inInbox(n)).length;
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const route = `${request.method} ${url.pathname}`;
    calls.push(`${route}${url.search}`);
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "");
    if (!token || !accepted.has(token))
      return Response.json(
        { code: 401, message: "Unauthorized", error_code: "unauthorized" },
        { status: 401 },
      );
    const view = url.searchParams.get("view") ?? "inbox";
    const sorted = [...rows]
      .filter((n) => (view === "archived" ? n.archived_at !== null : view === "all" || inInbox(n)))
      .sort((a, b) => b.seq - a.seq);
    if (route === "GET /api/v1/notifications") {
      const size = Number(url.searchParams.get("page_size") ?? 20);
      const start = Number(url.searchParams.get("cursor") ?? 0);
      const page = sorted.slice(start, start + size);
      const next = start + size < sorted.length ? String(start + size) : null;
      return envelope({ notifications: page, page_size: size, next_cursor: next });
    }
    if (route === "GET /api/v1/notifications/unread/count") return envelope({ unread_count: unread() });
    if (route === "POST /api/v1/notifications/read-all") {
      for (const n of rows) n.read_at ??= new Date().toISOString();
      return envelope({ updated: rows.length });
    }
    const mark = url.pathname.match(
      /^\/api\/v1\/notifications\/([^/]+)(?:\/(read|unread|seen|archive|unarchive|snooze|unsnooze|interacted))?$/,
    );
    const row = mark && rows.find((n) => n.id === mark[1]);
    if (mark && !row)
      return Response.json({ code: 404, message: "Not found", error_code: "not_found" }, { status: 404 });
    if (row && request.method === "PUT") {
      const now = new Date().toISOString();
      const change = mark![2];
      if (change === "read" || change === "unread") row.read_at = change === "read" ? now : null;
      if (change === "seen") row.seen_at ??= now;
      if (change === "archive" || change === "unarchive") row.archived_at = change === "archive" ? now : null;
      if (change === "snooze") row.snoozed_until = ((await request.json()) as { until: string }).until;
      if (change === "unsnooze") row.snoozed_until = null;
      if (change === "interacted") {
        const body = (await request.json()) as { action_id?: string };
        interactions.push({ id: row.id, action_id: body.action_id });
        row.interacted_at ??= now;
        return envelope({ interacted_at: row.interacted_at });
      }
      row.change_seq = ++seq;
      return envelope({ notification: { ...row } });
    }
    if (row && request.method === "DELETE") {
      rows.splice(rows.indexOf(row), 1);
      return new Response(null, { status: 204 });
    }
    if (route === "GET /api/v1/preferences") return envelope(preferences);
    if (route === "PUT /api/v1/preferences") {
      const changes = (await request.json()) as Partial<typeof preferences>;
      preferences = {
        ...preferences,
        ...changes,
        is_muted: Boolean(changes.mute_until ?? preferences.mute_until),
      };
      return envelope(preferences);
    }
    return Response.json({ code: 404, message: "Not found", error_code: "not_found" }, { status: 404 });
  };
  return {
    rows,
    calls,
    interactions,
    fetch,
    accept: (token: string) => accepted.add(token),
    revoke: (token: string) => accepted.delete(token),
  };
}
