// The custom server answers /api/v1 from the route modules itself (server/api.ts): the HTTP edges
// Next.js used to handle — methods, HEAD, OPTIONS, unknown paths, oversize bodies — through a real process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuild, startServer, type RunningServer } from "./helpers/server";

const KEY = "hk_dispatch_test_key_0123456789abcdefghij";
const auth = { Authorization: `Bearer ${KEY}`, "content-type": "application/json" };

describe("the server's /api/v1 dispatch", () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    requireBuild();
    dir = mkdtempSync(path.join(tmpdir(), "herald-dispatch-"));
    server = await startServer({ PGLITE_DIR: dir, HERALD_API_KEY: KEY });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves a route module with its wrapper: envelope, X-Request-Id, Server-Timing", async () => {
    const res = await fetch(`${server.url}/api/v1/notifications`, {
      method: "POST",
      headers: { ...auth, "X-Request-Id": "dispatch-1" },
      body: JSON.stringify({ user_ids: ["ann/1#b"], title: "Hi", content: "there", type: "info" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("dispatch-1");
    expect(res.headers.get("server-timing")).toMatch(/^app;dur=/);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = await res.json();
    expect(body).toMatchObject({ code: 200, data: { count: 1 } });
    expect(body.data.notifications[0].user_id).toBe("ann/1#b");
  });

  it("decodes parameters per segment: an encoded slash stays inside the user id", async () => {
    const res = await fetch(`${server.url}/api/v1/users/${encodeURIComponent("ann/1#b")}`, { headers: auth });
    expect(res.status).toBe(200);
    expect((await res.json()).data.user_id).toBe("ann/1#b");
  });

  it("prefers a static segment to a parameter (unread/count is not a notification id)", async () => {
    const res = await fetch(`${server.url}/api/v1/notifications/unread/count`, {
      headers: { ...auth, "X-User-Id": "ann/1#b" },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({ unread_count: 1 });
  });

  it("answers an unknown path, even with a trailing slash, as a JSON 404", async () => {
    for (const p of ["/api/v1/nothing-here", "/api/v1/notifications/x/y/z", "/api/v1/nothing/"]) {
      const res = await fetch(server.url + p, { headers: auth });
      expect(res.status, p).toBe(404);
      expect(await res.json()).toEqual({ code: 404, message: "Not found", error_code: "not_found" });
    }
    const slash = await fetch(`${server.url}/api/v1/notifications/`, { headers: auth });
    expect(slash.status).toBe(200);
  });

  it("refuses a method the route lacks with 405 and Allow; OPTIONS lists them; HEAD is GET without a body", async () => {
    const patch = await fetch(`${server.url}/api/v1/notifications`, { method: "PATCH", headers: auth });
    expect(patch.status).toBe(405);
    expect(patch.headers.get("allow")).toBe("GET, POST, OPTIONS, HEAD");
    expect(await patch.json()).toEqual({
      code: 405,
      message: "Method not allowed",
      error_code: "method_not_allowed",
    });

    const options = await fetch(`${server.url}/api/v1/notifications`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, POST, OPTIONS, HEAD");

    const head = await fetch(`${server.url}/api/v1/openapi.json`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(1000);
    expect(await head.text()).toBe("");
  });

  it("refuses a body over 1 MB with 413 and writes nothing", async () => {
    const huge = JSON.stringify({
      user_ids: ["big"],
      title: "x",
      content: "y",
      type: "info",
      metadata: { pad: "z".repeat(1_100_000) },
    });
    const res = await fetch(`${server.url}/api/v1/notifications`, {
      method: "POST",
      headers: auth,
      body: huge,
    });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toBe("Request body too large");
    const list = await fetch(`${server.url}/api/v1/notifications?user_id=big`, { headers: auth });
    expect((await list.json()).data.total).toBe(0);
  });

  it("lets a CSV import through up to its own 2 MB limit, and refuses more with 413", async () => {
    const rows = Array.from({ length: 9_000 }, (_, i) => `csv-${i},${"n".repeat(160)}`);
    const csv = `id,name\n${rows.join("\n")}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1_400_000);
    const headers = { Authorization: `Bearer ${KEY}`, "content-type": "text/csv" };
    const res = await fetch(`${server.url}/api/v1/users/import?dry_run=true`, {
      method: "POST",
      headers,
      body: csv,
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({ dry_run: true, rows: 9_000 });
    const over = await fetch(`${server.url}/api/v1/users/import?dry_run=true`, {
      method: "POST",
      headers,
      body: csv + csv,
    });
    expect(over.status).toBe(413);
  });

  it("leaves everything outside /api/v1 to Next.js (health, pages, Auth.js)", async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    expect(csrf.status).toBe(200);
    expect((await csrf.json()).csrfToken).toEqual(expect.any(String));
  });
});
