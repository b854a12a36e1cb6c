// F7: the isolation matrix against a running server. Two tenants with data of every kind the API
// makes; every declared operation × every credential of tenant A (super key, admin session, user
// session, subscriber tokens, a key per scope, a key acting for a user), addressed with tenant B's
// real ids and names (and, for a user's credentials, a second user's): no answer carries B's (or
// the other user's) data, B's rows are byte-for-byte the same after it all, a key lacking a route's
// scope is refused, and a socket of A neither receives B's or the other user's events nor reaches
// them with any event it sends.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-key-store";
import { createTenant } from "@/lib/auth/provision";
import { rowsOf } from "@/lib/db/client";
import { apiKeyScopes, scopesInclude, type ApiKeyScope } from "@/lib/vocabulary/scopes";
import { sessionCookie } from "../tests/helpers/api";
import { createCrashRig, type CrashRig } from "../tests/helpers/crash";
import { connected, openPlain, openSocket, type PlainClient } from "../tests/helpers/realtime";
import { TEST_SECRETS, type RunningServer } from "../tests/helpers/server";
import { startCluster, type Cluster } from "./helpers/cluster";
import { API_ENDPOINTS, jsonSchemaOf, pathParams, type Endpoint, type JsonSchema } from "./helpers/endpoints";
import { figures, sleep } from "./helpers/report";

const KEY = "hk_super_key_for_fault_f7_0123456789abcdef";
const APP_URL = "https://herald.example.com";
const SYSTEM = { type: "system" as const, id: null };
const IN_FLIGHT = 8;
/** Where a kind has no row to address (the figures name such kinds). */
const NONE = "00000000-0000-7000-8000-000000000000";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

type Json = Record<string, unknown>;
type Seeded = {
  tenantId: string;
  /** Unique to the tenant (A2's own for user u2 of A): planted in every text the tenant writes. */
  marker: string;
  admin: string;
  keys: string[];
};

/** The rows a tenant holds, by table: a count and a hash of every row's text, for before/after. */
type Snapshot = Record<string, string>;

/** Whose rows a request addresses: the values to put in paths, queries and bodies. */
type Target = {
  /** Path segment before a parameter → the value to put there. */
  segments: Record<string, string>;
  userIds: string[];
  notificationIds: string[];
  anyId: string;
};

/**
 * A body from the endpoint's schema, every field that names a row (ids, users, topics, workflows)
 * naming the target's, the other required fields a plain value of their type.
 */
function fill(s: JsonSchema | undefined, name: string, t: Target, depth = 0): unknown {
  if (!s || depth > 4) return "f7";
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const variant = (s.anyOf ?? s.oneOf)?.[0];
  if (variant) return fill(variant, name, t, depth + 1);
  const type = [s.type ?? "string"].flat()[0];
  if (/user_ids|^to$|recipients/.test(name)) return t.userIds;
  if (/ids$/.test(name)) return type === "array" ? [t.anyId, ...t.notificationIds] : t.anyId;
  if (/(^|_)user(_id)?$|^actor$/.test(name)) return t.userIds[0];
  if (/^(topic|workflow|key)$/.test(name)) return t.segments[name === "key" ? "topics" : `${name}s`];
  if (/(^|_)id$/.test(name)) return t.anyId;
  switch (type) {
    case "object": {
      const out: Json = {};
      for (const k of s.required ?? []) out[k] = fill(s.properties?.[k], k, t, depth + 1);
      for (const k of Object.keys(s.properties ?? {}))
        if (/ids?$|user|topic|workflow/.test(k) && !(k in out))
          out[k] = fill(s.properties![k], k, t, depth + 1);
      return out;
    }
    case "array":
      return s.items ? [fill(s.items, name, t, depth + 1)] : [];
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return "f7";
  }
}

/** The path with each parameter filled by what the segment before it names (`/topics/{key}` → a topic). */
function pathFor(e: Endpoint, t: Target): string {
  return e.spec.path.replace(/([\w-]+)\/\{(\w+)\}/g, (_m, segment: string, param: string) => {
    const value = t.segments[segment] ?? t.anyId;
    return `${segment}/${encodeURIComponent(param === "version" ? "1" : value)}`;
  });
}

/** Query parameters that name rows, filled with the target's. */
function queryFor(e: Endpoint, t: Target): string {
  const keys = Object.keys(jsonSchemaOf(e.spec.query)?.properties ?? {});
  const q = new URLSearchParams();
  for (const k of keys) {
    if (/^(user_id|external_id|actor)$/.test(k)) q.set(k, t.userIds[0]!);
    else if (/^(topic|workflow)$/.test(k)) q.set(k, t.segments[`${k}s`]!);
    else if (/(^|_)id$/.test(k)) q.set(k, t.anyId);
  }
  return q.toString();
}

type Credential = {
  name: string;
  headers: Record<string, string>;
  /** A scope key's scopes (the matrix checks its refusals); undefined for people and the super key. */
  scopes?: ApiKeyScope[];
  /** Acts as user A1: the other user's rows are off limits too. */
  asUser?: boolean;
};

/** Whether a key with `scopes` (and no X-User-Id) must be refused by the route, as lib/api/endpoint.ts rules it. */
function keyRefused(e: Endpoint, scopes: ApiKeyScope[]): boolean {
  const a = e.access;
  switch (a.auth) {
    case "public":
      return false;
    case "super":
    case "user":
      return true;
    case "any":
      return !scopesInclude(scopes, "notifications:read") && !scopesInclude(scopes, "notifications:send");
    case "admin":
      return !scopesInclude(scopes, "admin");
    case "service":
      return !scopesInclude(scopes, a.scope);
  }
}

/** Runs `run` over `items` with at most `n` in flight. */
async function pool<T>(items: T[], n: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

/** Destructive operations last (deletes, then the token-secret rotation that ends A's tokens). */
const order = (e: Endpoint) =>
  e.spec.path.endsWith("/rotate-token-secret")
    ? 3
    : e.spec.method === "delete"
      ? 2
      : e.spec.method === "get"
        ? 0
        : 1;

describe("F7: tenant and user isolation", () => {
  let cluster: Cluster;
  let rig: CrashRig;
  let server: RunningServer;
  let A: Seeded;
  let B: Seeded;
  let a2Marker: string;
  const sockets: Socket[] = [];
  const plains: PlainClient[] = [];

  const req = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      json: (text.startsWith("{") ? JSON.parse(text) : null) as Json | null,
    };
  };
  const must = async (method: string, path: string, key: string, body?: unknown) => {
    const r = await req(method, path, { Authorization: `Bearer ${key}` }, body);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${r.text.slice(0, 300)}`);
    return r.json?.data as Json;
  };

  /** Data of every kind the API makes, each text carrying the tenant's marker; u2's own marker on u2's rows. */
  async function seed(tenantId: string, admin: string, marker: string, own: string, u2Marker: string) {
    const m = marker;
    for (const [ext, role, mk] of [
      ["u1", "user", m],
      ["u2", "user", u2Marker],
      ["boss", "admin", m],
      [own, "user", m],
    ] as const)
      await must("PUT", `/api/v1/users/${ext}`, admin, {
        email: `${ext}.${mk}@example.com`,
        name: `${mk} ${ext}`,
        role,
      });
    for (const key of ["news", `${own}-topic`]) {
      await must("PUT", `/api/v1/topics/${key}`, admin, { name: `${m} ${key}` });
      await must("POST", `/api/v1/topics/${key}/subscribers`, admin, { user_ids: ["u1", "u2", own] });
    }
    await must("POST", "/api/v1/notifications/templates", admin, {
      code: "f7_note",
      name: `${m} template`,
      title: `${m} {{ n }}`,
      content: `${m} content`,
    });
    for (const key of ["wf.note", `${own}.wf`])
      await must("POST", "/api/v1/workflows", admin, {
        key,
        name: `${m} ${key}`,
        steps: [{ id: "inapp", type: "in_app", title: `${m} step`, content: `${m} step content` }],
      });
    await must("POST", "/api/v1/workflows/wf.note/trigger", admin, { to: ["u1"], payload: { m } });
    await must("POST", "/api/v1/schedules", admin, {
      workflow: "wf.note",
      name: `${m} schedule`,
      to: ["u1"],
      payload: { m },
      repeat: { frequency: "daily", at: "09:00", timezone: "UTC" },
    });
    for (const key of ["ops-room", `${own}-room`])
      await must("POST", "/api/v1/chat-targets", admin, {
        key,
        name: `${m} ${key}`,
        provider: "slack",
        channel: "C0OPSROOM1",
      });
    await must("POST", "/api/v1/integrations", admin, {
      provider: "outbox",
      channel: "email",
      name: `${m} outbox`,
    });
    await must("POST", "/api/v1/webhook-endpoints", admin, {
      url: `https://127.0.0.1:9/${m}`,
      description: `${m} hook`,
      event_types: ["notification.interacted"],
    });
    const ann = await must("POST", "/api/v1/announcements", admin, {
      title: `${m} announcement`,
      content: m,
    });
    await must(
      "POST",
      `/api/v1/announcements/${(ann.announcement as Json | undefined)?.id ?? ann.id}/publish`,
      admin,
      {},
    );
    await must("POST", "/api/v1/notifications", admin, {
      user_ids: ["u1", own],
      title: `${m} note`,
      type: "info",
      content: `${m} content`,
      channels: ["app", "email"],
      group_key: "grp",
    });
    await must("POST", "/api/v1/notifications", admin, {
      user_ids: ["u2"],
      title: `${u2Marker} note`,
      type: "info",
      content: `${u2Marker} content`,
      group_key: "grp",
    });
    const keys: string[] = [];
    for (const scope of apiKeyScopes)
      keys.push(
        (await createApiKey(rig.database.db, tenantId, { name: `${m} ${scope}`, scopes: [scope] }, SYSTEM))
          .key,
      );
    return keys;
  }

  const rows = async (q: ReturnType<typeof sql>) => rowsOf(await rig.database.db.execute(q)) as Json[];

  /** The tables that hold a tenant's rows (every table with a tenant_id column). */
  let tenantTables: string[] = [];
  async function snapshot(tenantId: string): Promise<Snapshot> {
    const out: Snapshot = {};
    for (const t of tenantTables) {
      const [r] = await rows(
        sql.raw(
          `select count(*)::int as n, coalesce(md5(string_agg(x::text, ',' order by x::text)), '') as h from "${t}" x where tenant_id = '${tenantId}'`,
        ),
      );
      out[t] = `${r!.n}:${r!.h}`;
    }
    const [tenant] = await rows(sql.raw(`select md5(x::text) as h from tenants x where id = '${tenantId}'`));
    out.tenants = String(tenant!.h);
    return out;
  }
  /** A's rows of user u2 (the other user of a user's credentials). */
  async function snapshotA2(): Promise<string> {
    const r = await rows(sql`
      select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as h from (
        select n::text from notifications n join users u on u.id = n.user_id
          where u.tenant_id = ${A.tenantId}::uuid and u.external_id = 'u2'
        union all select u::text from users u where u.tenant_id = ${A.tenantId}::uuid and u.external_id = 'u2'
      ) x(x)`);
    return String(r[0]!.h);
  }
  /** Waits until the tenant's rows stop moving (the worker finishing the seed's deliveries). */
  async function stable(tenantId: string): Promise<Snapshot> {
    let last = await snapshot(tenantId);
    for (let i = 0; i < 30; i++) {
      await sleep(500);
      const now = await snapshot(tenantId);
      if (JSON.stringify(now) === JSON.stringify(last)) return now;
      last = now;
    }
    throw new Error("tenant rows did not settle");
  }

  /** What must never show in A's answers: B's marker and every id of every B row, B's keys. */
  async function needlesOf(tenantId: string, marker: string, keys: string[]): Promise<string[]> {
    const ids: string[] = [marker, tenantId, ...keys];
    for (const t of tenantTables) {
      const has = await rows(
        sql`select 1 from information_schema.columns where table_name = ${t} and column_name = 'id'`,
      );
      if (!has.length) continue;
      for (const r of await rows(
        sql.raw(`select id::text as id from "${t}" where tenant_id = '${tenantId}'`),
      ))
        ids.push(String(r.id));
    }
    // Serial ids (audit rows, counters) are small numbers any answer holds: only unique strings count.
    return ids.filter((id) => id.length >= 16);
  }

  /** B's ids to address, by the path segment before each parameter. */
  async function targetOf(tenantId: string, own: string, user: string): Promise<Target> {
    const one = async (q: string) => {
      const [r] = await rows(sql.raw(q.replaceAll("$T", `'${tenantId}'`)));
      return r ? String(r.v) : NONE;
    };
    const note = (await rows(
      sql.raw(`select n.id::text as v, n.batch_id::text as b from notifications n join users u on u.id = n.user_id
        where n.tenant_id = '${tenantId}' and u.external_id = '${user}' order by n.created_at limit 5`),
    )) as { v: string; b: string }[];
    const segments: Record<string, string> = {
      announcements: await one("select id::text as v from announcements where tenant_id = $T"),
      "api-keys": await one(
        "select id::text as v from api_keys where tenant_id = $T order by created_at desc",
      ),
      batches: note[0]?.b ?? NONE,
      chains: "email",
      "chat-targets": own === "u1" ? "ops-room" : `${own}-room`,
      deliveries: await one("select id::text as v from deliveries where tenant_id = $T"),
      groups: "grp",
      integrations: await one("select id::text as v from integrations where tenant_id = $T"),
      messages: await one("select id::text as v from webhook_messages where tenant_id = $T"),
      notifications: note[0]?.v ?? NONE,
      schedules: await one("select id::text as v from workflow_schedules where tenant_id = $T"),
      templates: await one("select id::text as v from templates where tenant_id = $T"),
      topics: own === "u1" ? "news" : `${own}-topic`,
      users: user,
      versions: "1",
      "webhook-endpoints": await one("select id::text as v from webhook_endpoints where tenant_id = $T"),
      "workflow-runs": await one("select id::text as v from workflow_runs where tenant_id = $T"),
      "workflow-triggers": await one("select id::text as v from workflow_triggers where tenant_id = $T"),
      workflows: own === "u1" ? "wf.note" : `${own}.wf`,
    };
    return {
      segments,
      userIds: [user],
      notificationIds: note.map((n) => n.v),
      anyId: segments.notifications!,
    };
  }

  beforeAll(async () => {
    cluster = await startCluster();
    rig = await createCrashRig({ key: KEY, recipients: 0, prefix: "f7", adminUrl: cluster.url });
    server = await rig.start({
      env: {
        APP_URL,
        RATE_LIMIT_USER_PER_MIN: "100000",
        RATE_LIMIT_IP_PER_MIN: "100000",
        OUTBOUND_PRIVATE_HOSTS_ALLOWED: "127.0.0.1",
      },
    });
    tenantTables = (
      await rows(sql`select table_name::text as t from information_schema.columns
        where column_name = 'tenant_id' and table_schema = 'public' order by 1`)
    ).map((r) => String(r.t));
    const tag = () => randomBytes(6).toString("hex");
    a2Marker = `f7a2${tag()}`;
    const aMarker = `f7aa${tag()}`;
    const bMarker = `f7bb${tag()}`;
    const aAdmin = (
      await createApiKey(rig.database.db, rig.tenantId, { name: "A admin", scopes: ["admin"] }, SYSTEM)
    ).key;
    const b = await createTenant(rig.database.db, { slug: "tenant-b", name: `${bMarker} tenant` }, SYSTEM);
    A = {
      tenantId: rig.tenantId,
      marker: aMarker,
      admin: aAdmin,
      keys: await seed(rig.tenantId, aAdmin, aMarker, "aonly", a2Marker),
    };
    B = { tenantId: b.tenant.id, marker: bMarker, admin: b.key, keys: [] };
    // B's u2 carries B's marker: only A's u2 is "the other user" of A1.
    B.keys = [b.key, ...(await seed(B.tenantId, b.key, bMarker, "bonly", bMarker))];
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const p of plains) p.ws.terminate();
    await rig?.close().catch(() => {});
    await cluster?.destroy();
  });

  const mint = async (admin: string, user: string) =>
    String((await must("POST", `/api/v1/users/${user}/token`, admin, {})).token);
  const idOf = async (tenantId: string, ext: string) =>
    String(
      (
        await rows(
          sql`select id::text as id from users where tenant_id = ${tenantId}::uuid and external_id = ${ext}`,
        )
      )[0]!.id,
    );

  it("answers nobody of tenant A with B's or another user's data, changes none of it, and refuses missing scopes", async () => {
    // --- Sockets first: A1 listens while B's u1 (the same external id) and A's u2 are sent to.
    const wsUrl = server.url.replace(/^http/, "ws");
    const a1Token = await mint(A.admin, "u1");
    const a1 = openSocket(server.url, { auth: { token: a1Token } });
    const a1Plain = await openPlain(`${wsUrl}/api/v1/notifications/ws?token=${a1Token}`);
    const bU1 = openSocket(server.url, { auth: { token: await mint(B.admin, "u1") } });
    const a2 = openSocket(server.url, { auth: { token: await mint(A.admin, "u2") } });
    sockets.push(a1, bU1, a2);
    plains.push(a1Plain);
    const heard = { a1: [] as string[], bU1: [] as string[], a2: [] as string[] };
    for (const [name, s] of [
      ["a1", a1],
      ["bU1", bU1],
      ["a2", a2],
    ] as const)
      s.onAny((event: string, ...args: unknown[]) => heard[name].push(`${event} ${JSON.stringify(args)}`));
    await Promise.all([connected(a1), connected(bU1), connected(a2)]);
    await stable(B.tenantId);
    await stable(A.tenantId);

    // Every client event with B's and A2's ids. The contract (packages/js ClientEvents) has one
    // client event, `sync`; the others are names a client might try to join rooms or write with.
    const bU1Id = await idOf(B.tenantId, "u1");
    const a2Id = await idOf(A.tenantId, "u2");
    const bTarget = await targetOf(B.tenantId, "bonly", "u1");
    const a2Target = await targetOf(A.tenantId, "aonly", "u2");
    const rooms = [`user:${B.tenantId}:${bU1Id}`, `tenant:${B.tenantId}`, `user:${A.tenantId}:${a2Id}`];
    const argsTried: unknown[] = [
      { after: 0 },
      { after: 0, limit: 500 },
      { after: 0, user_id: bU1Id, tenant_id: B.tenantId },
      { after: 0, user_id: a2Id, tenant_id: A.tenantId },
      ...rooms.map((room) => ({ room })),
      ...rooms,
      { ids: [...bTarget.notificationIds, ...a2Target.notificationIds] },
      { id: bTarget.notificationIds[0], user_id: bU1Id },
      { id: a2Target.notificationIds[0], user_id: a2Id },
    ];
    const events = [
      "sync",
      "join",
      "subscribe",
      "leave",
      "notification:read",
      "notification:seen",
      "read-all",
      "mark-read",
    ];
    const bBefore = await snapshot(B.tenantId);
    const a2Before = await snapshotA2();
    // All at once: an event nobody handles has no ack, and waiting for each in turn would add up.
    const tries = events.flatMap((event) => argsTried.map((arg) => [event, arg] as const));
    const acks = await Promise.all(
      tries.map(([event, arg]) =>
        Promise.race([
          a1.emitWithAck(event, arg).then((r: unknown) => JSON.stringify(r)),
          sleep(1000).then(() => "(no ack)"),
        ]),
      ),
    );
    for (const [event, arg] of tries)
      a1Plain.ws.send(JSON.stringify({ ...(typeof arg === "object" ? arg : { room: arg }), type: event }));
    const socketTried = tries.length * 2;
    await sleep(500);
    expect(await snapshot(B.tenantId), "B's rows changed by A1's socket events").toEqual(bBefore);
    expect(await snapshotA2(), "A2's rows changed by A1's socket events").toBe(a2Before);
    // Now B's u1 and A's u2 get a notification and B a tenant-wide announcement; their own sockets
    // hear them, A1 hears none.
    await must("POST", "/api/v1/notifications", B.admin, {
      user_ids: ["u1"],
      title: `${B.marker} live`,
      content: "x",
      type: "info",
    });
    await must("POST", "/api/v1/notifications", A.admin, {
      user_ids: ["u2"],
      title: `${a2Marker} live`,
      content: "x",
      type: "info",
    });
    const ann = await must("POST", "/api/v1/announcements", B.admin, {
      title: `${B.marker} live ann`,
      content: "x",
    });
    await must(
      "POST",
      `/api/v1/announcements/${(ann.announcement as Json | undefined)?.id ?? ann.id}/publish`,
      B.admin,
      {},
    );
    const until = async (check: () => boolean, what: string) => {
      for (let i = 0; i < 100 && !check(); i++) await sleep(100);
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    };
    await until(
      () => heard.bU1.some((h) => h.includes(`${B.marker} live ann`)),
      "B's u1 to hear B's announcement",
    );
    await until(
      () => heard.bU1.some((h) => h.includes(`${B.marker} live"`)),
      "B's u1 to hear its notification",
    );
    await until(() => heard.a2.some((h) => h.includes(`${a2Marker} live`)), "A2 to hear its notification");
    await sleep(500);
    const a1Heard = [...heard.a1, ...plains[0]!.frames.map((f) => JSON.stringify(f)), ...acks];
    const socketLeaks = a1Heard.filter(
      (h) => h.includes(B.marker) || h.includes(a2Marker) || h.includes(B.tenantId) || h.includes(bU1Id),
    );
    expect(socketLeaks).toEqual([]);
    // A1's own sync did answer (the probe reached a working socket).
    expect(acks[0]).toContain('"ok":true');

    // --- The HTTP matrix.
    const bRows = await stable(B.tenantId);
    const bNeedles = await needlesOf(B.tenantId, B.marker, B.keys);
    const a2Needles = [a2Marker, ...(await targetOf(A.tenantId, "aonly", "u2")).notificationIds];
    const bShared = await targetOf(B.tenantId, "u1", "u1");
    const bOnly = await targetOf(B.tenantId, "bonly", "bonly");
    const bUuids = new Set(bNeedles.filter((n) => /^[0-9a-f-]{36}$/.test(n)));

    const boss = await idOf(A.tenantId, "boss");
    const a1Id = await idOf(A.tenantId, "u1");
    const adminCookie = await sessionCookie(
      { uid: boss, tid: A.tenantId, ext: "boss", role: "admin" },
      TEST_SECRETS.AUTH_SECRET,
    );
    const userCookie = await sessionCookie(
      { uid: a1Id, tid: A.tenantId, ext: "u1", role: "user" },
      TEST_SECRETS.AUTH_SECRET,
    );
    const impersonator = (
      await createApiKey(
        rig.database.db,
        A.tenantId,
        { name: "impersonator", scopes: ["users:impersonate"] },
        SYSTEM,
      )
    ).key;
    const bearer = (k: string) => ({ Authorization: `Bearer ${k}` });
    const userCreds: Credential[] = [
      { name: "subscriber token A1", headers: bearer(await mint(A.admin, "u1")), asUser: true },
      { name: "user session A1", headers: { ...userCookie, Origin: APP_URL }, asUser: true },
      { name: "key acting as A1", headers: { ...bearer(impersonator), "X-User-Id": "u1" }, asUser: true },
      {
        name: "key acting as B's own user",
        headers: { ...bearer(impersonator), "X-User-Id": "bonly" },
        asUser: true,
      },
    ];
    const otherCreds: Credential[] = [
      { name: "super key", headers: bearer(KEY) },
      { name: "admin key", headers: bearer(A.admin) },
      { name: "admin session", headers: { ...adminCookie, Origin: APP_URL } },
      ...apiKeyScopes.map((scope, i) => ({
        name: `key with ${scope}`,
        headers: bearer(A.keys[i]!),
        scopes: [scope],
      })),
    ];

    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let requests = 0;
    let leaks = 0;
    const endpoints = [...API_ENDPOINTS].sort((x, y) => order(x) - order(y));
    const hasParams = (e: Endpoint) => pathParams(e).length > 0;

    const probe = async (e: Endpoint, c: Credential, t: Target, label: string) => {
      const method = e.spec.method.toUpperCase();
      const query = method === "GET" ? queryFor(e, t) : "";
      const path = `${pathFor(e, t)}${query ? `?${query}` : ""}`;
      const body =
        method === "GET" || method === "DELETE"
          ? undefined
          : e.spec.body
            ? fill(jsonSchemaOf(e.spec.body), "", t)
            : {};
      const sent = `${path} ${JSON.stringify(body ?? "")}`;
      const r = await req(method, path, c.headers, body);
      requests += 1;
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      const what = `${method} ${path} × ${c.name} (${label})`;
      if (r.status >= 500) failures.push(`${what}: ${r.status}`);
      const needles = c.asUser ? [...bNeedles, ...a2Needles] : bNeedles;
      const leaked = needles.filter((n) => r.text.includes(n) && !sent.includes(n));
      if (leaked.length) {
        leaks += 1;
        failures.push(`${what}: ${r.status} carries ${leaked.slice(0, 3).join(", ")}`);
      }
      const mine = [...pathFor(e, t).matchAll(UUID)].map((m) => m[0]);
      if (r.status < 300 && mine.some((id) => bUuids.has(id) || (c.asUser && a2Needles.includes(id))))
        failures.push(`${what}: ${r.status} for another's row`);
      if (c.scopes && keyRefused(e, c.scopes) && r.status !== 403)
        failures.push(`${what}: ${r.status}, expected 403 for a key with ${c.scopes.join(",")}`);
      if (c.scopes && !keyRefused(e, c.scopes) && r.status === 401)
        failures.push(`${what}: 401 for a valid key`);
    };

    const a2Target2 = await targetOf(A.tenantId, "aonly", "u2");
    const run = async (creds: Credential[], withA2: boolean) => {
      for (const phase of [0, 1, 2, 3]) {
        const jobs: (() => Promise<void>)[] = [];
        for (const e of endpoints.filter((x) => order(x) === phase))
          for (const c of creds) {
            jobs.push(() => probe(e, c, bShared, "B's ids, shared names"));
            if (hasParams(e) || e.spec.query || e.spec.body)
              jobs.push(() => probe(e, c, bOnly, "B's own names"));
            if (withA2 && (hasParams(e) || e.spec.body)) jobs.push(() => probe(e, c, a2Target2, "A2's ids"));
          }
        await pool(jobs, IN_FLIGHT, (job) => job());
      }
    };
    // A user's credentials first, so that A2's rows are compared with nothing but them in between.
    const a2Rows = await snapshotA2();
    await run(userCreds, true);
    expect(await snapshotA2(), "A2's rows changed by A1's credentials").toBe(a2Rows);
    await run(otherCreds, false);

    expect(failures).toEqual([]);
    const after = await snapshot(B.tenantId);
    const changed = Object.keys(bRows).filter((t) => bRows[t] !== after[t]);
    expect(changed, "B's tables changed").toEqual([]);
    expect(server.proc.exitCode).toBeNull();

    figures("F7", {
      operations: API_ENDPOINTS.length,
      credentials: userCreds.length + otherCreds.length,
      scopes: apiKeyScopes.length,
      requests,
      leaks,
      tenant_tables: tenantTables.length,
      b_tables_with_rows: Object.values(bRows).filter((v) => !v.startsWith("0:")).length,
      unaddressed:
        Object.entries(bShared.segments)
          .filter(([, v]) => v === NONE)
          .map(([k]) => k)
          .join(",") || "none",
      b_rows: Object.values(bRows).reduce((n, v) => n + (Number(v.split(":")[0]) || 0), 0),
      socket_events_tried: socketTried,
      ...Object.fromEntries([...statuses].sort(([x], [y]) => x - y).map(([s, n]) => [`status_${s}`, n])),
    });
  });
});
