// Cross-origin REST for host apps: a page on an ALLOWED_ORIGINS origin calls the end-user
// endpoints with a subscriber token (preflight, then the call); other origins and the service
// endpoints get no CORS headers, so the browser keeps their answers from the page.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { parseEnv, resetEnv } from "@/lib/env";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const SUPER_KEY = "hk_super_key_for_cors_tests_0123456789abcd";
const HOST_APP = "https://app.example.com";

describe("cross-origin calls from host apps", () => {
  let t: TestDatabase;
  let token: string;

  beforeAll(async () => {
    vi.stubEnv("ALLOWED_ORIGINS", ` ${HOST_APP}/ , https://other-allowed.example.com`);
    resetEnv();
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: SUPER_KEY }));
    const minted = await api("POST", "/api/v1/users/cors-alice/token", {
      headers: bearer(SUPER_KEY),
      body: {},
    });
    expect(minted.status).toBe(200);
    token = minted.json.data.token;
    const sent = await api("POST", "/api/v1/notifications", {
      headers: bearer(SUPER_KEY),
      body: { user_ids: ["cors-alice"], title: "Hello", content: "From the host app", type: "info" },
    });
    expect(sent.status).toBeLessThan(300);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    resetEnv();
    await t.drop();
  });

  const preflight = (path: string, origin: string, method: string) =>
    api("OPTIONS", path, {
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });

  it("answers an allowed origin's preflight for an end-user endpoint", async () => {
    const res = await preflight("/api/v1/notifications/read-all", HOST_APP, "POST");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(HOST_APP);
    expect(res.headers.get("access-control-allow-methods")).toBe("POST");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("vary")).toMatch(/^Origin\b/);
  });

  it("lets the page read the list, the count and a mark made with the subscriber token", async () => {
    const headers = { ...bearer(token), Origin: HOST_APP };
    const list = await api("GET", "/api/v1/notifications?cursor=", { headers });
    expect(list.status).toBe(200);
    expect(list.json.data.notifications.map((n: { title: string }) => n.title)).toEqual(["Hello"]);
    expect(list.headers.get("access-control-allow-origin")).toBe(HOST_APP);
    expect(list.headers.get("access-control-expose-headers")).toMatch(/X-Request-Id/);

    const count = await api("GET", "/api/v1/notifications/unread/count", { headers });
    expect(count.json.data.unread_count).toBe(1);
    expect(count.headers.get("access-control-allow-origin")).toBe(HOST_APP);

    const id = list.json.data.notifications[0].id;
    const read = await api("PUT", `/api/v1/notifications/${id}/read`, { headers });
    expect(read.status).toBe(200);
    expect(read.headers.get("access-control-allow-origin")).toBe(HOST_APP);
    // An error answer is readable too: the page can tell an expired token from a network failure.
    const refused = await api("GET", "/api/v1/notifications/unread/count", {
      headers: { ...bearer("not-a-token"), Origin: HOST_APP },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(HOST_APP);
  });

  it("gives other origins nothing", async () => {
    const pre = await preflight("/api/v1/notifications", "https://evil.example.com", "GET");
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("allow")).toMatch(/GET/);
    const list = await api("GET", "/api/v1/notifications", {
      headers: { ...bearer(token), Origin: "https://evil.example.com" },
    });
    expect(list.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("keeps service endpoints (API keys) closed to pages on any origin", async () => {
    const pre = await preflight("/api/v1/notifications", HOST_APP, "POST");
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    const mint = await preflight("/api/v1/users/cors-alice/token", HOST_APP, "POST");
    expect(mint.headers.get("access-control-allow-origin")).toBeNull();
    const sent = await api("POST", "/api/v1/notifications", {
      headers: { ...bearer(SUPER_KEY), Origin: HOST_APP },
      body: { user_ids: ["cors-alice"], title: "x", content: "y", type: "info" },
    });
    expect(sent.headers.get("access-control-allow-origin")).toBeNull();
  });
});
