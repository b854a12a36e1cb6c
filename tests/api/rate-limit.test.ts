import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintSubscriberToken } from "@/lib/auth/subscriber-token";
import { bootstrap } from "@/lib/bootstrap";
import { tenants, users } from "@/lib/db/schema";
import { parseEnv, resetEnv } from "@/lib/env";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { DEFAULT_TENANT_SLUG } from "@/lib/tenants/tenants";
import { api, bearer, sessionCookie, type CallResult } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_rate_limited_key_for_tests_0123456789";
const OTHER = "hk_another_key_with_its_own_budget_000000";
const LIMITS = { RATE_LIMIT_API_PER_MIN: "5", RATE_LIMIT_USER_PER_MIN: "3", RATE_LIMIT_IP_PER_MIN: "4" };

/** A refusal as every 429 must look: the envelope, Retry-After within the minute, all RateLimit-* headers. */
function expectRefused(res: CallResult, limit: number): void {
  expect(res.status).toBe(429);
  expect(res.json).toEqual({ code: 429, message: "Too many requests", error_code: "rate_limited" });
  const retry = Number(res.headers.get("retry-after"));
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(60);
  expect(res.headers.get("ratelimit-limit")).toBe(String(limit));
  expect(res.headers.get("ratelimit-remaining")).toBe("0");
  expect(Number(res.headers.get("ratelimit-reset"))).toBe(retry);
}

let t: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  Object.assign(process.env, LIMITS);
  resetEnv();
  t = await createTestDatabase();
  await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", SEED_DEMO: "true", HERALD_API_KEY: KEY }));
  await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: OTHER }));
  const [tenant] = await t.database.db.select().from(tenants).where(eq(tenants.slug, DEFAULT_TENANT_SLUG));
  tenantId = tenant!.id;
});
afterAll(async () => {
  for (const name of Object.keys(LIMITS)) delete process.env[name];
  resetEnv();
  await t.drop();
});

async function userId(externalId: string): Promise<string> {
  const [row] = await t.database.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.externalId, externalId)));
  return row!.id;
}

const session = async (externalId: string) =>
  sessionCookie({ uid: await userId(externalId), tid: tenantId, ext: externalId, role: "user" });

async function token(externalId: string): Promise<Record<string, string>> {
  const [tenant] = await t.database.db.select().from(tenants).where(eq(tenants.id, tenantId));
  return bearer((await mintSubscriberToken(tenant!, externalId, 600)).token);
}

describe("per-key request budget", () => {
  it("answers 429 with Retry-After and RateLimit-* headers once the minute's budget is spent", async () => {
    const headers = { ...bearer(KEY), "X-User-Id": "alice" };
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api("GET", "/api/v1/me", { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("5");
      remaining.push(res.headers.get("ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    expectRefused(await api("GET", "/api/v1/me", { headers }), 5);

    // Budgets are per key, and a key acting for alice spent none of alice's own.
    const other = await api("GET", "/api/v1/me", {
      headers: { ...bearer(OTHER), "X-User-Id": "alice" },
    });
    expect(other.status).toBe(200);
    const alice = await api("GET", "/api/v1/me", { headers: await session("alice") });
    expect(alice.status).toBe(200);
    expect(alice.headers.get("ratelimit-limit")).toBe("3");
    expect(alice.headers.get("ratelimit-remaining")).toBe("2");
  });
});

describe("per-user request budget", () => {
  it("a user flooding REST gets 429 on every credential of theirs; another user is unaffected", async () => {
    const bobSession = await session("bob");
    for (let i = 0; i < 3; i++) {
      const res = await api("GET", "/api/v1/me", { headers: bobSession });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-remaining")).toBe(String(2 - i));
    }
    expectRefused(await api("GET", "/api/v1/me", { headers: bobSession }), 3);
    // The budget is bob's, not his cookie's: a fresh subscriber token does not buy more.
    expectRefused(await api("GET", "/api/v1/me", { headers: await token("bob") }), 3);

    const admin = await api("GET", "/api/v1/me", { headers: await token("admin") });
    expect(admin.status).toBe(200);
    expect(admin.json.data.user_id).toBe("admin");
    expect(admin.headers.get("ratelimit-remaining")).toBe("2");
  });
});

describe("per-address budget for callers without credentials", () => {
  it("counts every public endpoint against the address; another address is unaffected", async () => {
    const from = (ip: string) => ({ headers: { [CLIENT_IP_HEADER]: ip } });
    const answers = [
      await api("GET", "/api/v1/openapi.json", from("203.0.113.10")),
      await api("GET", "/api/v1/push/vapid-public-key", from("203.0.113.10")),
      await api("GET", "/api/v1/openapi.json", from("203.0.113.10")),
      await api("GET", "/api/v1/push/vapid-public-key", from("203.0.113.10")),
    ];
    expect(answers.map((a) => a.status)).not.toContain(429);
    expect(answers.map((a) => a.headers.get("ratelimit-remaining"))).toEqual(["3", "2", "1", "0"]);
    expect(answers[0]!.json.openapi).toBeDefined();

    const refused = await api("GET", "/api/v1/openapi.json", from("203.0.113.10"));
    expectRefused(refused, 4);
    expect(refused.headers.get("x-request-id")).toBeTruthy();

    const elsewhere = await api("GET", "/api/v1/openapi.json", from("203.0.113.11"));
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.headers.get("ratelimit-remaining")).toBe("3");
  });
});
