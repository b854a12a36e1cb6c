// The edge of the real server process: page security headers (CSP nonce, framing, HSTS), /metrics
// behind its token, unhandled upgrades cut, tokens kept out of logs, and the deep-page cap.
import { connect } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsGet } from "@/app/metrics/route";
import { resetEnv } from "@/lib/env";
import { createEmptyPostgresDatabase, onPostgres } from "../helpers/db";
import { requireBuild, startServer, type RunningServer } from "../helpers/server";

const KEY = "hk_headers_test_0123456789abcdef0123456789";
const auth = { Authorization: `Bearer ${KEY}` };

function policyOf(res: Response): Map<string, string[]> {
  const csp = res.headers.get("content-security-policy") ?? "";
  return new Map(csp.split(/;\s*/).map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));
}

/** Sends a raw upgrade request; resolves with whatever the server wrote before the socket closed. */
function rawUpgrade(url: string, path: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      ),
    );
    let received = "";
    socket.on("data", (d) => {
      received += String(d);
      // An HTTP answer is enough: the test only needs to know one came.
      if (received.includes("\r\n\r\n")) socket.destroy();
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(received));
  });
}

describe("the server process", () => {
  let server: RunningServer;
  let pg: Awaited<ReturnType<typeof createEmptyPostgresDatabase>> | undefined;
  beforeAll(async () => {
    requireBuild();
    pg = onPostgres ? await createEmptyPostgresDatabase() : undefined;
    server = await startServer({
      ...(pg ? { DATABASE_URL: pg.url } : { PGLITE_DIR: "memory://" }),
      APP_URL: "https://herald.example.com",
      HERALD_API_KEY: KEY,
      METRICS_TOKEN: "scrape-me",
      METRICS_PUBLIC: "false",
      MARKDOWN_IMAGE_HOSTS: "cdn.example.com",
      LOG_LEVEL: "debug",
    });
  });
  afterAll(async () => {
    await server?.stop();
    await pg?.drop();
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { ...auth, "content-type": "application/json", ...init.headers },
    });

  it("puts a fresh nonce in every page's CSP and on each of its script tags", async () => {
    const res = await fetch(`${server.url}/login`);
    expect(res.status).toBe(200);
    const csp = policyOf(res);
    const nonce = csp
      .get("script-src")
      ?.find((s) => s.startsWith("'nonce-"))
      ?.slice(7, -1);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{20,}={0,2}$/);
    expect(csp.get("script-src")).toContain("'strict-dynamic'");
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "https://cdn.example.com"]);
    expect(csp.get("connect-src")).toEqual(["'self'", "wss://herald.example.com"]);

    const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

    const again = policyOf(await fetch(`${server.url}/login`)).get("script-src");
    expect(again).not.toContain(`'nonce-${nonce}'`);

    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("lets only the tenant's configured origins frame the embed page", async () => {
    const minted = await api("/api/v1/users/embed-user/token", { method: "POST", body: "{}" });
    expect(minted.status).toBe(200);
    const { token } = ((await minted.json()) as { data: { token: string } }).data;
    const embed = () => fetch(`${server.url}/embed/inbox?token=${encodeURIComponent(token)}`);

    const before = await embed();
    expect(before.status).toBe(200);
    expect(policyOf(before).get("frame-ancestors")).toEqual(["'none'"]);

    const origins = ["https://app.example.com", "http://localhost:5173"];
    const put = await api("/api/v1/tenant/settings", {
      method: "PUT",
      body: JSON.stringify({ embed_origins: origins }),
    });
    expect(put.status).toBe(200);
    // Tracking, the badge and the lifetimes are other settings, left as they were (off, unread, none).
    const saved = {
      embed_origins: origins,
      tracking: { opens: false, clicks: false },
      badge: "unread",
      notification_ttl_days: null,
      retention_days: null,
    };
    expect(((await put.json()) as { data: unknown }).data).toEqual(saved);
    const got = await api("/api/v1/tenant/settings");
    expect(((await got.json()) as { data: unknown }).data).toEqual(saved);

    const after = await embed();
    expect(policyOf(after).get("frame-ancestors")).toEqual(origins);
    expect(after.headers.get("x-frame-options")).toBeNull();
    expect(after.headers.get("referrer-policy")).toBe("no-referrer");
    // Every other page still refuses to be framed.
    expect(policyOf(await fetch(`${server.url}/login`)).get("frame-ancestors")).toEqual(["'none'"]);
    // A token the tenant cannot be read from gets no framing at all.
    const bad = await fetch(`${server.url}/embed/inbox?token=not-a-token`);
    expect(policyOf(bad).get("frame-ancestors")).toEqual(["'none'"]);
  });

  it.each([
    [["http://app.example.com"], "embed_origins.0", "https"],
    [["https://app.example.com/inbox"], "embed_origins.0", "origin"],
    [["https://app.example.com/"], "embed_origins.0", "origin"],
    [["app.example.com"], "embed_origins.0", "origin"],
    [Array.from({ length: 21 }, (_, i) => `https://a${i}.example.com`), "embed_origins", "at most 20"],
  ])("refuses embed origins %j (400 on %s) and keeps the setting", async (origins, field, words) => {
    const res = await api("/api/v1/tenant/settings", {
      method: "PUT",
      body: JSON.stringify({ embed_origins: origins }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors[0]!.field).toBe(field);
    expect(body.errors[0]!.message).toContain(words);
    const got = await api("/api/v1/tenant/settings");
    // Still what the previous test set.
    expect(((await got.json()) as { data: { embed_origins: string[] } }).data.embed_origins).toEqual([
      "https://app.example.com",
      "http://localhost:5173",
    ]);
  });

  it("records who minted a subscriber token, for whom and for how long", async () => {
    const minted = await api("/api/v1/users/audited-user/token", {
      method: "POST",
      body: JSON.stringify({ ttl_seconds: 600 }),
    });
    expect(minted.status).toBe(200);
    const log = await api("/api/v1/audit-log?action=token.minted&target_id=audited-user");
    const { entries } = ((await log.json()) as { data: { entries: Record<string, unknown>[] } }).data;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "token.minted",
      actor: { type: "api_key" },
      target_type: "user",
      target_id: "audited-user",
      data: { ttl_seconds: 600, api_key_id: expect.any(String) },
    });
  });

  it("answers the API with nosniff and HSTS too", async () => {
    const res = await api("/api/v1/users");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=31536000");
  });

  it("serves /metrics only to the bearer of METRICS_TOKEN", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { Authorization: "Bearer scrape-you" } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${server.url}/metrics`, { headers: { Authorization: "Bearer scrape-me" } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("process_cpu_seconds_total");
  });

  it("cuts an upgrade request no one handles, without an answer, and keeps the token out of the log", async () => {
    expect(await rawUpgrade(server.url, "/somewhere?token=secret-upgrade-token")).toBe("");
    // The plain WebSocket endpoint still answers (here: no credential, so an HTTP refusal).
    expect(await rawUpgrade(server.url, "/api/v1/notifications/ws")).toMatch(/^HTTP\/1\.1 4\d\d/);
    await expect.poll(() => server.output()).toContain("upgrade refused");
    const line = server
      .output()
      .split("\n")
      .find((l) => l.includes("upgrade refused"));
    expect(line).toContain("token=[Redacted]");
    expect(server.output()).not.toContain("secret-upgrade-token");
  });

  it("refuses offset pages past the first 10,000 rows, pointing to the cursor where there is one", async () => {
    expect((await api("/api/v1/users?page=500&page_size=20")).status).toBe(200);
    const deep = await api("/api/v1/users?page=501&page_size=20");
    expect(deep.status).toBe(400);
    const users = (await deep.json()) as { errors: { field: string; message: string }[] };
    expect(users.errors).toEqual([{ field: "page", message: expect.stringContaining("at most 500") }]);
    expect(users.errors[0]!.message).toContain("filters");

    const notifications = await api("/api/v1/notifications?page=101&page_size=100");
    expect(notifications.status).toBe(400);
    const body = (await notifications.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors[0]).toEqual({ field: "page", message: expect.stringContaining("use the cursor") });
  });
});

describe("/metrics without a token", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnv();
  });
  const scrape = async (env: Record<string, string>) => {
    Object.assign(process.env, env);
    resetEnv();
    return (await metricsGet(new Request("http://localhost/metrics"))).status;
  };

  it("is open outside production", async () => {
    expect(await scrape({ NODE_ENV: "test" })).toBe(200);
  });

  it("is open in production only with METRICS_PUBLIC", async () => {
    expect(await scrape({ NODE_ENV: "production", METRICS_PUBLIC: "true" })).toBe(200);
  });

  it("still needs the token when one is set, METRICS_PUBLIC or not", async () => {
    expect(await scrape({ NODE_ENV: "production", METRICS_PUBLIC: "true", METRICS_TOKEN: "t0ken" })).toBe(
      401,
    );
  });
});
