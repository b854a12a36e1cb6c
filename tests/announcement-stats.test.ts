// GET /api/v1/announcements/:id/stats: the console's "read / audience" figures.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { bearer, call, sessionCookie, apiFetch } from "./helpers/api";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const KEY = "hk_announcement_stats_test_key_0123456789";
const as = (user: string) => ({ ...bearer(KEY), "X-User-Id": user });
type Handler = Parameters<typeof call>[0];

const onId =
  (handler: unknown, method: string, suffix: string) =>
  (id: string, headers: Record<string, string> = bearer(KEY), body?: unknown) =>
    call(handler as Handler, method, `/api/v1/announcements/${id}${suffix}`, {
      headers,
      body,
    });
const stats = onId(apiFetch, "GET", "/stats");
const publish = onId(apiFetch, "POST", "/publish");
const update = onId(apiFetch, "PUT", "");
const read = (id: string, user: string) => onId(apiFetch, "POST", "/read")(id, as(user));
const dismiss = (id: string, user: string) => onId(apiFetch, "POST", "/dismiss")(id, as(user));

async function published(body: Record<string, unknown>): Promise<string> {
  const res = await call(apiFetch as Handler, "POST", "/api/v1/announcements", {
    headers: bearer(KEY),
    body: { title: "Stats", content: "Counting readers", ...body },
  });
  expect(res.status).toBe(201);
  expect((await publish(res.json.data.id)).json.data.status).toBe("published");
  return res.json.data.id;
}

describe("announcement read figures", () => {
  let t: TestDatabase;
  let otherKey: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    for (const [user, role] of [
      ["ann", "user"],
      ["ben", "user"],
      ["cat", "user"],
      ["dee", "admin"],
    ] as const)
      await call(apiFetch as Handler, "PUT", `/api/v1/users/${user}`, {
        headers: bearer(KEY),
        body: { role },
      });
    const other = await call(apiFetch as Handler, "POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "stats-other", name: "Other" },
    });
    otherKey = other.json.data.api_key.key;
  });
  afterAll(async () => {
    await t.drop();
  });

  it("counts everyone in the tenant for an all-users announcement, and who read or dismissed it", async () => {
    const id = await published({ audience: { all: true } });
    const people = await call(apiFetch as Handler, "GET", "/api/v1/users?page_size=1", {
      headers: bearer(KEY),
    });
    const everyone = people.json.data.total as number;
    expect(everyone).toBeGreaterThanOrEqual(4);

    const before = await stats(id);
    expect(before.status).toBe(200);
    expect(before.json.data).toEqual({ announcement_id: id, audience: everyone, read: 0, dismissed: 0 });

    expect((await read(id, "ann")).status).toBe(200);
    expect((await dismiss(id, "ben")).status).toBe(200);
    // Reading twice is still one reader.
    await read(id, "ann");
    expect((await stats(id)).json.data).toEqual({
      announcement_id: id,
      audience: everyone,
      read: 2,
      dismissed: 1,
    });
  });

  it("counts named users that exist, and roles, and forgets readers who left the audience", async () => {
    const named = await published({ audience: { user_ids: ["ann", "cat", "nobody-by-that-name"] } });
    await read(named, "cat");
    expect((await stats(named)).json.data).toMatchObject({ audience: 2, read: 1, dismissed: 0 });

    // cat is taken out of the audience: the figures are about the people it is for now.
    expect((await update(named, bearer(KEY), { audience: { user_ids: ["ann"] } })).status).toBe(200);
    expect((await stats(named)).json.data).toMatchObject({ audience: 1, read: 0 });

    const admins = await published({ audience: { roles: ["admin"] } });
    await read(admins, "dee");
    const figures = (await stats(admins)).json.data;
    // dee plus the bootstrap's own admin accounts, if any; dee's read is the only one.
    expect(figures.audience).toBeGreaterThanOrEqual(1);
    expect(figures.read).toBe(1);
  });

  it("answers an admin session, refuses an end user's session, and hides other tenants' announcements", async () => {
    const id = await published({});
    const [dee] = await t.database.db.select().from(users).where(eq(users.externalId, "dee"));
    const session = await sessionCookie({ uid: dee!.id, tid: dee!.tenantId, ext: "dee", role: "admin" });
    expect((await stats(id, session)).json.data).toMatchObject({ announcement_id: id, read: 0 });

    const [ann] = await t.database.db.select().from(users).where(eq(users.externalId, "ann"));
    const annSession = await sessionCookie({ uid: ann!.id, tid: ann!.tenantId, ext: "ann", role: "user" });
    expect((await stats(id, annSession)).status).toBe(403);
    expect((await stats(id, bearer(otherKey))).status).toBe(404);
    expect((await stats("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await stats("not-a-uuid")).json.errors).toEqual([
      { field: "id", message: "must be an announcement id" },
    ]);
  });
});
