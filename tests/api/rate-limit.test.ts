import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as meRoute from "@/app/api/v1/me/route";
import { bootstrap } from "@/lib/bootstrap";
import { parseEnv, resetEnv } from "@/lib/env";
import { bearer, call } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_rate_limited_key_for_tests_0123456789";
const OTHER = "hk_another_key_with_its_own_budget_000000";

describe("per-key request budget", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    process.env.RATE_LIMIT_API_PER_MIN = "5";
    resetEnv();
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", SEED_DEMO: "true", HERALD_API_KEY: KEY }));
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: OTHER }));
  });
  afterAll(async () => {
    delete process.env.RATE_LIMIT_API_PER_MIN;
    resetEnv();
    await t.drop();
  });

  it("answers 429 with Retry-After and RateLimit-* headers once the minute's budget is spent", async () => {
    const headers = { ...bearer(KEY), "X-User-Id": "alice" };
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(meRoute.GET, "GET", "/api/v1/me", { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("5");
      remaining.push(res.headers.get("ratelimit-remaining")!);
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    const refused = await call(meRoute.GET, "GET", "/api/v1/me", { headers });
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({ code: 429, message: "Too many requests" });
    const retry = Number(refused.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");

    // Budgets are per key.
    const other = await call(meRoute.GET, "GET", "/api/v1/me", {
      headers: { ...bearer(OTHER), "X-User-Id": "alice" },
    });
    expect(other.status).toBe(200);
  });
});
