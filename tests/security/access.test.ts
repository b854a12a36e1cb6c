// Every /api/v1 route × every kind of credential. The expected rule of each route is written here,
// apart from the route's own declaration: a route added without a row, a row left for a route that
// is gone, or a route whose behaviour differs from its row fails this file.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-key-store";
import { apiKeyScopes, scopesInclude, type ApiKeyScope } from "@/lib/vocabulary/scopes";
import { mintSubscriberToken } from "@/lib/auth/subscriber-token";
import { bootstrap } from "@/lib/bootstrap";
import { auditLog, tenants, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { apiApp } from "@/lib/api/app";
import { saveTopic } from "@/lib/topics/store";
import { API_ENDPOINTS, openApiDocument } from "@/lib/api/document";
import { endpoint, type RouteAccess } from "@/lib/api/endpoint";
import { bearer, ORIGIN, sessionCookie } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const SUPER_KEY = "hk_super_key_for_access_tests_0123456789ab";
const SYSTEM = { type: "system" as const, id: null };

type Rule =
  | "public"
  | "user" // one end user: session, subscriber token, or a key with users:impersonate + X-User-Id
  | "any" // any caller; a key without X-User-Id needs notifications:read or notifications:send
  | "admin"
  | "super"
  | `service:${ApiKeyScope}`;

const TABLE: Record<string, Rule> = {
  "GET /api/v1/admin/dashboard": "admin",
  "GET /api/v1/announcements": "service:announcements:read",
  "POST /api/v1/announcements": "service:notifications:send",
  "GET /api/v1/announcements/active": "user",
  "GET /api/v1/announcements/{id}": "service:announcements:read",
  "PUT /api/v1/announcements/{id}": "service:notifications:send",
  "DELETE /api/v1/announcements/{id}": "service:notifications:send",
  "POST /api/v1/announcements/{id}/archive": "service:notifications:send",
  "POST /api/v1/announcements/{id}/publish": "service:notifications:send",
  "POST /api/v1/announcements/{id}/read": "user",
  "POST /api/v1/announcements/{id}/dismiss": "user",
  "GET /api/v1/announcements/{id}/stats": "service:announcements:read",
  "GET /api/v1/api-keys": "admin",
  "POST /api/v1/api-keys": "admin",
  "PATCH /api/v1/api-keys/{id}": "admin",
  "DELETE /api/v1/api-keys/{id}": "admin",
  "GET /api/v1/audit-log": "admin",
  "GET /api/v1/deliveries": "service:notifications:read",
  "GET /api/v1/deliveries/export": "service:notifications:read",
  "GET /api/v1/deliveries/{id}": "service:notifications:read",
  "GET /api/v1/dev/outbox": "admin",
  "GET /api/v1/integrations": "admin",
  "POST /api/v1/integrations": "admin",
  "GET /api/v1/integrations/chains": "admin",
  "PUT /api/v1/integrations/chains/{channel}": "admin",
  "GET /api/v1/integrations/{id}": "admin",
  "PUT /api/v1/integrations/{id}": "admin",
  "DELETE /api/v1/integrations/{id}": "admin",
  "POST /api/v1/integrations/{id}/test": "admin",
  "GET /api/v1/webhook-endpoints": "admin",
  "POST /api/v1/webhook-endpoints": "admin",
  "GET /api/v1/webhook-endpoints/{id}": "admin",
  "PATCH /api/v1/webhook-endpoints/{id}": "admin",
  "DELETE /api/v1/webhook-endpoints/{id}": "admin",
  "POST /api/v1/webhook-endpoints/{id}/rotate-secret": "admin",
  "POST /api/v1/webhook-endpoints/{id}/test": "admin",
  "GET /api/v1/webhook-endpoints/{id}/attempts": "admin",
  "POST /api/v1/webhook-endpoints/{id}/messages/{message_id}/replay": "admin",
  "GET /api/v1/chat-targets": "admin",
  "POST /api/v1/chat-targets": "admin",
  "GET /api/v1/chat-targets/{key}": "admin",
  "PUT /api/v1/chat-targets/{key}": "admin",
  "DELETE /api/v1/chat-targets/{key}": "admin",
  "GET /api/v1/me": "user",
  "GET /api/v1/notifications": "any",
  "POST /api/v1/notifications": "service:notifications:send",
  "GET /api/v1/notifications/{id}": "any",
  "DELETE /api/v1/notifications/{id}": "user",
  "POST /api/v1/notifications/{id}/cancel": "service:notifications:send",
  "GET /api/v1/notifications/{id}/deliveries": "service:notifications:read",
  "PUT /api/v1/notifications/{id}/read": "user",
  "PUT /api/v1/notifications/{id}/unread": "user",
  "PUT /api/v1/notifications/{id}/seen": "user",
  "PUT /api/v1/notifications/{id}/archive": "user",
  "PUT /api/v1/notifications/{id}/unarchive": "user",
  "PUT /api/v1/notifications/{id}/snooze": "user",
  "PUT /api/v1/notifications/{id}/unsnooze": "user",
  "PUT /api/v1/notifications/{id}/interacted": "user",
  "POST /api/v1/notifications/{id}/recall": "service:notifications:send",
  "POST /api/v1/notifications/batch-mark": "user",
  "PUT /api/v1/notifications/groups/{group_key}/read": "user",
  "GET /api/v1/notifications/batches/{batch_id}": "service:notifications:send",
  "POST /api/v1/notifications/batches/{batch_id}/cancel": "service:notifications:send",
  "GET /api/v1/notifications/export": "service:notifications:read",
  "POST /api/v1/notifications/read-all": "user",
  "POST /api/v1/notifications/seen-all": "user",
  "POST /api/v1/notifications/delete-all": "user",
  "POST /api/v1/notifications/archive-all": "user",
  "GET /api/v1/notifications/stats": "any",
  "GET /api/v1/notifications/unread/count": "user",
  "GET /api/v1/notifications/templates": "service:templates:read",
  "POST /api/v1/notifications/templates": "service:templates:write",
  "GET /api/v1/notifications/templates/{template_id}": "service:templates:read",
  "PUT /api/v1/notifications/templates/{template_id}": "service:templates:write",
  "DELETE /api/v1/notifications/templates/{template_id}": "service:templates:write",
  "POST /api/v1/notifications/templates/{template_id}/preview": "service:templates:read",
  "GET /api/v1/notifications/templates/{template_id}/versions": "service:templates:read",
  "GET /api/v1/notifications/templates/{template_id}/versions/{version}": "service:templates:read",
  "POST /api/v1/notifications/templates/{template_id}/versions/{version}/restore": "service:templates:write",
  "GET /api/v1/openapi.json": "public",
  "GET /api/v1/preferences": "user",
  "PUT /api/v1/preferences": "user",
  "GET /api/v1/preferences/workflows": "user",
  "POST /api/v1/push/subscriptions": "user",
  "DELETE /api/v1/push/subscriptions": "user",
  "POST /api/v1/push/devices": "user",
  "DELETE /api/v1/push/devices": "user",
  "GET /api/v1/push/vapid-public-key": "public",
  "GET /api/v1/schedules": "service:workflows:read",
  "POST /api/v1/schedules": "service:workflows:write",
  "GET /api/v1/schedules/{id}": "service:workflows:read",
  "PUT /api/v1/schedules/{id}": "service:workflows:write",
  "DELETE /api/v1/schedules/{id}": "service:workflows:write",
  "POST /api/v1/schedules/{id}/pause": "service:workflows:write",
  "POST /api/v1/schedules/{id}/resume": "service:workflows:write",
  "POST /api/v1/tenant/rotate-token-secret": "admin",
  "GET /api/v1/tenant/settings": "admin",
  "PUT /api/v1/tenant/settings": "admin",
  "POST /api/v1/tenants": "super",
  "GET /api/v1/topics": "service:topics:read",
  "GET /api/v1/topics/{key}": "service:topics:read",
  "PUT /api/v1/topics/{key}": "service:topics:write",
  "DELETE /api/v1/topics/{key}": "service:topics:write",
  "GET /api/v1/topics/{key}/subscribers": "service:topics:read",
  "POST /api/v1/topics/{key}/subscribers": "service:topics:write",
  "DELETE /api/v1/topics/{key}/subscribers": "service:topics:write",
  "GET /api/v1/users": "service:users:read",
  "POST /api/v1/users/import": "admin",
  "GET /api/v1/users/{user_id}": "service:users:read",
  "PUT /api/v1/users/{user_id}": "service:users:write",
  "DELETE /api/v1/users/{user_id}": "service:users:write",
  "GET /api/v1/users/{user_id}/preferences": "service:users:read",
  "PUT /api/v1/users/{user_id}/preferences": "service:preferences:write",
  "GET /api/v1/users/{user_id}/preferences/workflows": "service:users:read",
  "POST /api/v1/users/{user_id}/token": "service:tokens:mint",
  "GET /api/v1/users/{user_id}/topics": "service:topics:read",
  "POST /api/v1/users/{user_id}/restore": "admin",
  "POST /api/v1/webhooks/resend": "public",
  "POST /api/v1/webhooks/twilio": "public",
  "GET /api/v1/workflows": "service:workflows:read",
  "POST /api/v1/workflows": "service:workflows:write",
  "GET /api/v1/workflows/{key}": "service:workflows:read",
  "PUT /api/v1/workflows/{key}": "service:workflows:write",
  "DELETE /api/v1/workflows/{key}": "service:workflows:write",
  "GET /api/v1/workflows/{key}/versions": "service:workflows:read",
  "POST /api/v1/workflows/{key}/versions/{version}/restore": "service:workflows:write",
  "POST /api/v1/workflows/{key}/trigger": "service:workflows:trigger",
  "POST /api/v1/workflows/{key}/cancel": "service:workflows:trigger",
  "GET /api/v1/workflow-runs": "service:workflows:read",
  "GET /api/v1/workflow-runs/{id}": "service:workflows:read",
  "GET /api/v1/workflow-triggers/{id}": "service:workflows:read",
};

type Handler = ((req: Request, ctx?: unknown) => Promise<Response>) & { access: RouteAccess };
/** A declared path with its methods, each answered by the API app as a client would call it. */
type ApiRoute = { path: string; params: string[]; handlers: Map<string, Handler> };

function declaredRoutes(): ApiRoute[] {
  const byPath = new Map<string, ApiRoute>();
  for (const e of API_ENDPOINTS) {
    const r = byPath.get(e.spec.path) ?? {
      path: e.spec.path,
      params: [...e.spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
      handlers: new Map(),
    };
    const viaApp = (req: Request) => Promise.resolve(apiApp().fetch(req));
    r.handlers.set(e.spec.method.toUpperCase(), Object.assign(viaApp, { access: e.access }));
    byPath.set(e.spec.path, r);
  }
  return [...byPath.values()];
}

const pathOf = (r: ApiRoute) => r.path;

/** Ids that exist nowhere: an allowed call then reaches the handler and changes nothing. */
const MISSING: Record<string, string> = {
  id: "00000000-0000-7000-8000-000000000000",
  batch_id: "00000000-0000-7000-8000-000000000000",
  template_id: "no_such_template",
  version: "999",
  user_id: "no-such-user",
  key: "no-such-topic",
  group_key: "no-such-group",
};

type Credential = {
  name: string;
  /** Headers for the call (a function: a subscriber token must be minted after any rotation). */
  headers: () => Promise<Record<string, string>>;
  kind: "none" | "key" | "session" | "token";
  scopes?: ApiKeyScope[];
  isSuper?: boolean;
  admin?: boolean;
  actsAsUser?: boolean;
};

type Outcome = { status: 401 } | { status: 403; scope?: ApiKeyScope } | { status: "allowed" };

/** What a credential gets from a route with `rule`, by the rules docs/SECURITY.md states. */
function expected(rule: Rule, c: Credential): Outcome {
  // A key sending X-User-Id without users:impersonate is refused before anything else, public
  // routes included: a credential sent is a credential checked.
  if (c.kind === "key" && c.actsAsUser && !scopesInclude(c.scopes!, "users:impersonate"))
    return { status: 403, scope: "users:impersonate" };
  if (rule === "public") return { status: "allowed" };
  if (c.kind === "none") return { status: 401 };
  const holds = (s: ApiKeyScope) =>
    c.kind === "key" ? scopesInclude(c.scopes!, s) : c.kind === "session" && c.admin === true;
  switch (rule) {
    case "super":
      return c.isSuper ? { status: "allowed" } : { status: 403 };
    case "user":
      return c.kind === "key" && !c.actsAsUser ? { status: 403 } : { status: "allowed" };
    case "any":
      if (c.kind !== "key" || c.actsAsUser) return { status: "allowed" };
      return holds("notifications:read") || holds("notifications:send")
        ? { status: "allowed" }
        : { status: 403, scope: "notifications:read" };
    case "admin":
      if (holds("admin")) return { status: "allowed" };
      return c.kind === "key" ? { status: 403, scope: "admin" } : { status: 403 };
    default: {
      const scope = rule.slice("service:".length) as ApiKeyScope;
      if (holds(scope)) return { status: "allowed" };
      return c.kind === "key" ? { status: 403, scope } : { status: 403 };
    }
  }
}

describe("access to every route", () => {
  let t: TestDatabase;
  let routes: ApiRoute[];
  const doc = openApiDocument();
  let tenantA: string;
  const credentials: Credential[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    routes = declaredRoutes();
    const boot = await bootstrap(
      t.database.db,
      parseEnv({ NODE_ENV: "test", SEED_DEMO: "true", HERALD_API_KEY: SUPER_KEY }),
    );
    tenantA = boot.tenant.id;
    const db = t.database.db;
    const userRow = async (ext: string) =>
      (await db.query.users.findFirst({
        where: and(eq(users.tenantId, tenantA), eq(users.externalId, ext)),
      }))!;
    const alice = await userRow("alice");
    const admin = await userRow("admin");
    const tenantRow = async () => (await db.select().from(tenants).where(eq(tenants.id, tenantA)))[0]!;

    const key = async (name: string, scopes: ApiKeyScope[]) =>
      (await createApiKey(db, tenantA, { name, scopes }, SYSTEM)).key;
    credentials.push({ name: "no credentials", kind: "none", headers: async () => ({}) });
    for (const scope of apiKeyScopes) {
      const k = await key(`only ${scope}`, [scope]);
      credentials.push({
        name: `key with ${scope}`,
        kind: "key",
        scopes: [scope],
        headers: async () => bearer(k),
      });
    }
    const impersonator = await key("impersonator", ["users:impersonate"]);
    credentials.push({
      name: "key with users:impersonate + X-User-Id",
      kind: "key",
      scopes: ["users:impersonate"],
      actsAsUser: true,
      headers: async () => ({ ...bearer(impersonator), "X-User-Id": "alice" }),
    });
    const sender = await key("sender", ["notifications:send", "users:write", "tokens:mint"]);
    credentials.push({
      name: "key without users:impersonate + X-User-Id",
      kind: "key",
      scopes: ["notifications:send", "users:write", "tokens:mint"],
      actsAsUser: true,
      headers: async () => ({ ...bearer(sender), "X-User-Id": "alice" }),
    });
    credentials.push({
      name: "super key",
      kind: "key",
      scopes: [...apiKeyScopes],
      isSuper: true,
      headers: async () => bearer(SUPER_KEY),
    });
    const userCookie = await sessionCookie({ uid: alice.id, tid: tenantA, ext: "alice", role: "user" });
    credentials.push({
      name: "user session",
      kind: "session",
      headers: async () => ({ ...userCookie, Origin: ORIGIN }),
    });
    const adminCookie = await sessionCookie({ uid: admin.id, tid: tenantA, ext: "admin", role: "admin" });
    credentials.push({
      name: "admin session",
      kind: "session",
      admin: true,
      headers: async () => ({ ...adminCookie, Origin: ORIGIN }),
    });
    credentials.push({
      name: "subscriber token",
      kind: "token",
      headers: async () => bearer((await mintSubscriberToken(await tenantRow(), "alice", 600)).token),
    });
  });
  afterAll(async () => t.drop());

  it("has a row for every route and method, and no row without a route", () => {
    const served = routes.flatMap((r) => [...r.handlers.keys()].map((m) => `${m} ${pathOf(r)}`));
    const missing = served.filter((k) => !(k in TABLE));
    const stale = Object.keys(TABLE).filter((k) => !served.includes(k));
    expect(missing, "routes with no row in TABLE").toEqual([]);
    expect(stale, "rows in TABLE for routes that do not exist").toEqual([]);
  });

  it("declares on each route the rule the table expects", () => {
    for (const r of routes) {
      for (const [method, handler] of r.handlers) {
        const name = `${method} ${pathOf(r)}`;
        const access = (handler as unknown as { access?: RouteAccess }).access;
        expect(access, `${name} has no access rule`).toBeDefined();
        const declared: Rule = access!.auth === "service" ? `service:${access!.scope}` : access!.auth;
        expect(declared, name).toBe(TABLE[name]);
        // The API document states the same rule.
        const op = doc.paths?.[pathOf(r)]?.[method.toLowerCase() as "get"] as Record<string, unknown>;
        expect(op, `${name} is not in the API document`).toBeDefined();
        expect([op["x-herald-auth"], op["x-herald-scope"]], `${name} in the API document`).toEqual([
          access!.auth,
          access!.scope,
        ]);
      }
    }
  });

  it("a service endpoint without a scope cannot be built", () => {
    const untyped = { auth: "service", id: "x" } as unknown as Parameters<typeof endpoint>[0];
    expect(() => endpoint(untyped, async () => new Response())).toThrow(/scope/);
  });

  it("answers each credential as the table says", async () => {
    const failures: string[] = [];
    for (const r of routes) {
      const params = Object.fromEntries(r.params.map((name) => [name, MISSING[name] ?? "x"]));
      let path = pathOf(r);
      for (const [k, v] of Object.entries(params)) path = path.replace(`{${k}}`, encodeURIComponent(v));
      for (const [method, handler] of r.handlers) {
        const name = `${method} ${pathOf(r)}`;
        const rule = TABLE[name];
        if (!rule) continue; // reported by the first test
        for (const c of credentials) {
          const headers = new Headers(await c.headers());
          let body: string | undefined;
          if (method !== "GET") {
            headers.set("content-type", "application/json");
            body = "{}";
          }
          const res = await handler(new Request(ORIGIN + path, { method, headers, body }), {
            params: Promise.resolve(params),
          });
          const json = (await res.json().catch(() => null)) as { message?: string } | null;
          const want = expected(rule, c);
          const got = `${res.status} ${json?.message ?? ""}`;
          if (want.status === "allowed") {
            if (res.status === 401 || res.status === 403 || res.status >= 500)
              failures.push(`${name} × ${c.name}: expected access, got ${got}`);
          } else if (res.status !== want.status) {
            failures.push(`${name} × ${c.name}: expected ${want.status}, got ${got}`);
          } else if (want.status === 403 && want.scope && json?.message !== `Missing scope: ${want.scope}`) {
            failures.push(`${name} × ${c.name}: the 403 should name ${want.scope}, got "${json?.message}"`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("keeps a refused privileged attempt in the audit log, naming the scope", async () => {
    const reader = await createApiKey(
      t.database.db,
      tenantA,
      { name: "reader", scopes: ["notifications:read"] },
      SYSTEM,
    );
    const handler = routes.find((r) => pathOf(r) === "/api/v1/users/{user_id}/token")!.handlers.get("POST")!;
    const res = await handler(
      new Request(`${ORIGIN}/api/v1/users/alice/token`, {
        method: "POST",
        headers: { ...bearer(reader.key), "content-type": "application/json" },
        body: "{}",
      }),
      { params: Promise.resolve({ user_id: "alice" }) },
    );
    expect(res.status).toBe(403);
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "access.refused"), eq(auditLog.actorId, reader.record.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorType: "api_key",
      targetType: "endpoint",
      targetId: "POST /api/v1/users/alice/token",
      data: { missing_scope: "tokens:mint" },
    });
  });

  it("a key of another tenant reaches none of this tenant's rows", async () => {
    const tenantsPost = routes.find((r) => pathOf(r) === "/api/v1/tenants")!.handlers.get("POST")!;
    const created = await tenantsPost(
      new Request(`${ORIGIN}/api/v1/tenants`, {
        method: "POST",
        headers: { ...bearer(SUPER_KEY), "content-type": "application/json" },
        body: JSON.stringify({ slug: `other-${randomUUID().slice(0, 8)}`, name: "Other" }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(created.status).toBe(201);
    const other = ((await created.json()) as { data: { api_key: { key: string } } }).data.api_key.key;
    // Real rows of this tenant, addressed by the other tenant's admin key: GETs are 404, every
    // other method is refused before or at the lookup (never 2xx). User ids are each tenant's own
    // namespace (the other tenant may create its own "alice"), so user routes are not in this walk.
    const db = t.database.db;
    const [notification] = await db.query.notifications.findMany({ limit: 1 });
    const [template] = await db.query.templates.findMany({ limit: 1 });
    const topic = await saveTopic(db, tenantA, "project-42", "Project 42", SYSTEM);
    const real: Record<string, string> = {
      id: notification!.id,
      batch_id: notification!.batchId ?? notification!.id,
      template_id: template!.id,
      version: "1",
      key: topic.topic.key,
    };
    const breaches: string[] = [];
    for (const r of routes) {
      const names = r.params;
      if (names.length === 0 || names.includes("user_id")) continue;
      const params = Object.fromEntries(names.map((n) => [n, real[n] ?? "x"]));
      let path = pathOf(r);
      for (const [k, v] of Object.entries(params)) path = path.replace(`{${k}}`, encodeURIComponent(v));
      for (const [method, handler] of r.handlers) {
        const headers = new Headers(bearer(other));
        if (method !== "GET") headers.set("content-type", "application/json");
        const res = await handler(
          new Request(ORIGIN + path, { method, headers, body: method === "GET" ? undefined : "{}" }),
          { params: Promise.resolve(params) },
        );
        const ok = method === "GET" ? [403, 404] : [400, 403, 404];
        if (!ok.includes(res.status)) breaches.push(`${method} ${path}: ${res.status}`);
      }
    }
    expect(breaches).toEqual([]);
  });
});
