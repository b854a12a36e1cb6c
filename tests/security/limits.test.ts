// Sign-in limits through the real Auth.js endpoints: one budget per account (from any address) and
// one per address (over all accounts), each answered with a 429 carrying Retry-After and RateLimit-*.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import { bootstrap } from "@/lib/bootstrap";
import { parseEnv, resetEnv } from "@/lib/env";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { ORIGIN } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const LIMITS = { RATE_LIMIT_SIGN_IN_PER_MIN: "3", RATE_LIMIT_SIGN_IN_IP_PER_MIN: "5" };
// The demo accounts bootstrap seeds.
const ALICE = { email: "alice@herald.local", password: "alice-password" };
const BOB = { email: "bob@herald.local", password: "bob-password" };

let t: TestDatabase;

beforeAll(async () => {
  Object.assign(process.env, LIMITS);
  resetEnv();
  t = await createTestDatabase();
  await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", SEED_DEMO: "true" }));
});
afterAll(async () => {
  for (const name of Object.keys(LIMITS)) delete process.env[name];
  resetEnv();
  await t.drop();
});

type Attempt = { status: number; headers: Headers; signedIn: boolean; body: string };

/** One password sign-in as the login form posts it, from `ip` (the header the server sets). */
async function signIn(credentials: { email: string; password: string }, ip: string): Promise<Attempt> {
  const csrf = await authRoute.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await authRoute.POST(
    new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, [CLIENT_IP_HEADER]: ip },
      body: new URLSearchParams({ ...credentials, csrfToken, callbackUrl: `${ORIGIN}/inbox` }),
    }),
  );
  const signedIn = res.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="));
  return { status: res.status, headers: res.headers, signedIn, body: await res.text() };
}

function expectRefused(a: Attempt, limit: number): void {
  expect(a.status).toBe(429);
  expect(JSON.parse(a.body)).toEqual({
    code: 429,
    message: "Too many sign-in attempts",
    error_code: "rate_limited",
  });
  const retry = Number(a.headers.get("retry-after"));
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(60);
  expect(a.headers.get("ratelimit-limit")).toBe(String(limit));
  expect(a.headers.get("ratelimit-remaining")).toBe("0");
  expect(Number(a.headers.get("ratelimit-reset"))).toBe(retry);
  expect(a.signedIn).toBe(false);
}

describe("sign-in limits", () => {
  it("signs in with the right password and refuses a wrong one without a session", async () => {
    expect((await signIn(BOB, "198.51.100.1")).signedIn).toBe(true);
    const wrong = await signIn({ ...BOB, password: "nope" }, "198.51.100.1");
    expect(wrong.status).not.toBe(429);
    expect(wrong.signedIn).toBe(false);
  });

  it("a spray across accounts from one address hits the address's limit", async () => {
    const ip = "203.0.113.50";
    for (let i = 0; i < 5; i++) {
      const a = await signIn({ email: `user-${i}@example.com`, password: "Winter2026!" }, ip);
      expect(a.status).not.toBe(429);
      expect(a.signedIn).toBe(false);
    }
    // Even the right password of an untouched account: the address has spent its minute.
    expectRefused(await signIn(ALICE, ip), 5);
    // The same account from another address is fine: the spray spent no account's budget.
    expect((await signIn(ALICE, "203.0.113.51")).signedIn).toBe(true);
  });

  it("a distributed attack on one account hits the account's limit, from any address", async () => {
    for (let i = 0; i < 3; i++) {
      const a = await signIn(
        { ...ALICE, email: "Alice@Herald.Local", password: `guess-${i}` },
        `192.0.2.${10 + i}`,
      );
      expect(a.status).not.toBe(429);
      expect(a.signedIn).toBe(false);
    }
    // A fresh address with the right password is refused: the account is locked for the minute
    // (the accepted price of a per-account limit).
    expectRefused(await signIn(ALICE, "192.0.2.99"), 3);
    // Other accounts from that address are unaffected.
    expect((await signIn(BOB, "192.0.2.99")).signedIn).toBe(true);
  });
});

describe("Auth.js endpoints", () => {
  it("spend the address's budget like every endpoint without credentials", async () => {
    process.env.RATE_LIMIT_IP_PER_MIN = "4";
    resetEnv();
    try {
      const session = (ip: string) =>
        authRoute.GET(new NextRequest(`${ORIGIN}/api/auth/session`, { headers: { [CLIENT_IP_HEADER]: ip } }));
      for (let i = 0; i < 4; i++) expect((await session("192.0.2.77")).status).toBe(200);
      const refused = await session("192.0.2.77");
      expect(refused.status).toBe(429);
      expect(await refused.json()).toEqual({
        code: 429,
        message: "Too many requests",
        error_code: "rate_limited",
      });
      for (const h of ["retry-after", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"])
        expect(refused.headers.get(h), h).not.toBeNull();
      expect(refused.headers.get("ratelimit-limit")).toBe("4");
      expect((await session("192.0.2.78")).status).toBe(200);
    } finally {
      delete process.env.RATE_LIMIT_IP_PER_MIN;
      resetEnv();
    }
  });
});
