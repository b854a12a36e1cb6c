// Herald's one process: Next.js (pages + REST), Socket.IO and the queue worker on one HTTP server.
import { randomUUID } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import next from "next";
import type { PgBoss } from "pg-boss";
import { bootstrap, DEMO_ACCOUNTS } from "@/lib/bootstrap";
import { getDb, openDatabase, setDatabase, type Database } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { appUrl, ensureDevSecrets, env, EnvError, type Env } from "@/lib/env";
import { ensureDevVapidKeys } from "@/lib/push/vapid";
import { bus } from "@/lib/events";
import { logger } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { closeProviders } from "@/lib/delivery/providers";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { CLIENT_IP_HEADER, clientAddress, proxyTrust } from "@/lib/http/client-ip";
import { allowedOrigins } from "@/lib/http/cors";
import { baseSecurityHeaders } from "@/lib/http/security-headers";
import { apiListener, isApiPath, setEdgeHeader } from "./api";
import { attachEventForwarder, attachRealtime, type Realtime } from "./realtime";
import { attachPlainWebSocket, PLAIN_WS_PATH } from "./realtime/plain-ws";
import { pageHeaders } from "./page-headers";
import { QUEUES, startWorkers } from "./worker";
import { startWebhookRecorder } from "@/lib/outbound-webhooks/recorder";

const ROLES = ["all", "web", "worker"] as const;
type Role = (typeof ROLES)[number];

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function readRole(): Role {
  const { values } = parseArgs({ options: { role: { type: "string", default: "all" } }, strict: false });
  const role = values.role;
  if (!ROLES.includes(role as Role))
    fail(`Invalid --role "${String(role)}": expected one of ${ROLES.join(", ")}`);
  return role as Role;
}

function loadEnvironment(): Env {
  const dev = process.env.NODE_ENV !== "production";
  nextEnv.loadEnvConfig(process.cwd(), dev, { info: () => {}, error: console.error });
  try {
    ensureDevSecrets();
    env(); // fail fast on a bad value, before writing anything
    // Every role signs Web Push with the same development keys (generated once, kept in DATA_DIR).
    ensureDevVapidKeys();
    return env();
  } catch (err) {
    if (err instanceof EnvError) fail(err.message);
    throw err;
  }
}

async function openAndMigrate(e: Env): Promise<Database> {
  const database = openDatabase({
    url: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    poolMax: e.DATABASE_POOL_MAX,
  });
  setDatabase(database);
  try {
    if (e.MIGRATE_ON_START) await migrate(database);
  } catch (err) {
    const where = e.DATABASE_URL ? "DATABASE_URL" : `PGLITE_DIR (${e.PGLITE_DIR})`;
    fail(`Database unavailable (${where}): ${(err as Error).message}`);
  }
  return database;
}

function listen(server: HttpServer, e: Env): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(e.PORT, e.HOST, () => resolve());
  });
}

function listenToBus(): void {
  const log = logger();
  let healthy = true;
  bus().onListenerError((err, event) => log.error({ err, event: event.name }, "bus listener failed"));
  bus().subscribe((event) => {
    metrics().domainEvents.inc({ event: event.name });
    if (event.name === "health.checked" && event.payload.healthy !== healthy) {
      healthy = event.payload.healthy;
      if (healthy) log.info("health restored");
      else log.error({ failing: event.payload.failing }, "health check failing");
    }
  });
}

async function main(): Promise<void> {
  // Herald runs offline by default; Next.js must not try to phone home.
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const role = readRole();
  const e = loadEnvironment();
  const log = logger();
  const dev = e.NODE_ENV !== "production";
  // Tracing first, so the database client it wraps is the one opened next; the SDK only loads then.
  const tracing = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const telemetry = tracing ? await import("@/lib/telemetry/sdk") : undefined;
  if (telemetry?.startTracing({ serviceName: e.OTEL_SERVICE_NAME }))
    log.info({ endpoint: tracing }, "OpenTelemetry tracing on");
  const database = await openAndMigrate(e);
  const boot = await bootstrap(database.db, e);
  listenToBus();

  // Every role sends jobs (a web node enqueues scheduled sends); only worker roles run them.
  const boss: PgBoss = await startQueue(database, QUEUES, { work: role !== "web" });
  boss.on("error", (err) => {
    // pg-boss reports here the queries its polling and maintenance could not run.
    metrics().databaseErrors.inc({ source: "queue" });
    log.error({ err }, "queue error");
  });
  setQueue(boss);
  // Every role: webhook messages are recorded on the node where the event happened.
  startWebhookRecorder(getDb);
  // A worker-only process forwards its events (released scheduled sends, …) to the web nodes.
  const stopForwarder =
    role === "worker"
      ? await attachEventForwarder({ databaseUrl: e.DATABASE_URL, redisUrl: e.REDIS_URL })
      : undefined;
  if (role !== "web") await startWorkers(boss);

  let httpServer: HttpServer | undefined;
  let realtime: Realtime | undefined;
  let plainWs: ReturnType<typeof attachPlainWebSocket> | undefined;
  let nextApp: ReturnType<typeof next> | undefined;
  if (role !== "worker") {
    httpServer = createServer();
    nextApp = next({ dev, dir: process.cwd(), hostname: e.HOST, port: e.PORT, httpServer });
    await nextApp.prepare();
    const handle = nextApp.getRequestHandler();
    const upgrade = nextApp.getUpgradeHandler();
    const api = apiListener();
    const trust = proxyTrust(e);
    const edgeHeaders = baseSecurityHeaders(appUrl(e));
    const securePage = pageHeaders(e, dev);
    httpServer.on("request", (req, res) => {
      const incoming = req.headers["x-request-id"];
      const requestId =
        typeof incoming === "string" && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
      setEdgeHeader(req, "x-request-id", requestId);
      // The client address for rate limits and audit; X-Forwarded-For counts only behind TRUST_PROXY.
      // Set over whatever the client sent under that name, so it cannot be forged.
      setEdgeHeader(
        req,
        CLIENT_IP_HEADER,
        clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trust),
      );
      res.setHeader("X-Request-Id", requestId);
      for (const [name, value] of Object.entries(edgeHeaders)) res.setHeader(name, value);
      if (isApiPath(req.url)) return void api(req, res);
      securePage(req, res)
        .then(() => handle(req, res))
        .catch((err) => {
          log.error({ err, url: req.url }, "request failed");
          if (!res.headersSent) res.writeHead(500).end();
        });
    });
    // Socket.IO and the plain WebSocket have their own upgrade listeners, Next.js dev its HMR
    // socket; any other upgrade would hold a connection open with no one to answer it.
    httpServer.on("upgrade", (req, socket, head) => {
      const pathname = URL.parse(req.url ?? "/", "http://localhost")?.pathname ?? "";
      if (pathname.startsWith("/socket.io/") || pathname === PLAIN_WS_PATH) return;
      if (dev && pathname.startsWith("/_next/")) return void upgrade(req, socket, head);
      log.debug({ url: req.url }, "upgrade refused");
      socket.destroy();
    });
    realtime = await attachRealtime(httpServer, {
      // The same origins as the REST API's cross-origin calls: a host app needs both.
      allowedOrigins: [...allowedOrigins()],
      maxConnectionsPerUser: e.MAX_CONNECTIONS_PER_USER,
      databaseUrl: e.DATABASE_URL,
      redisUrl: e.REDIS_URL,
    });
    plainWs = attachPlainWebSocket(httpServer, {
      pingIntervalMs: e.WS_PING_INTERVAL_MS,
      pongTimeoutMs: e.WS_PONG_TIMEOUT_MS,
      maxConnectionsPerUser: e.MAX_CONNECTIONS_PER_USER,
    });
    await listen(httpServer, e);
  } else {
    // A worker answers /health and /metrics only, for orchestrators' probes and scrapers.
    const probes = apiListener();
    httpServer = createServer((req, res) => {
      const pathname = (req.url ?? "/").split("?")[0];
      if (pathname === "/health" || pathname === "/metrics") return void probes(req, res);
      res
        .writeHead(404, { "content-type": "application/json" })
        .end('{"code":404,"message":"Not found","error_code":"not_found"}');
    });
    await listen(httpServer, e);
  }

  const url = appUrl(e);
  log.info({ role, url, database: database.driver }, "Herald started");
  if (role !== "worker") {
    const lines = [`\n  Herald is running at ${url}  (database: ${database.driver}, role: ${role})`];
    if (boot.demoSeeded) {
      lines.push("  Demo sign-in:");
      for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.role.padEnd(5)}  ${a.email}  /  ${a.password}`);
    }
    if (boot.devApiKey) {
      lines.push("  Development API key (all scopes; set HERALD_API_KEY to use your own):");
      lines.push(`    export HERALD_API_KEY=${boot.devApiKey}`);
    }
    console.log(lines.join("\n") + "\n");
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, e.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      if (httpServer && !realtime) {
        httpServer.closeAllConnections();
        httpServer.close();
      }
      if (httpServer && realtime) {
        // Socket.IO's close also closes the HTTP server: stop accepting, drop idle keep-alives,
        // and give requests still running a moment before their connections are cut.
        httpServer.closeIdleConnections();
        const cut = setTimeout(() => httpServer!.closeAllConnections(), 1500);
        await plainWs?.close();
        await realtime?.close();
        clearTimeout(cut);
      }
      await boss.stop({ graceful: true, timeout: 2000 });
      await stopForwarder?.();
      await closeProviders();
      await nextApp?.close().catch(() => {});
      await database.close();
      await telemetry?.stopTracing(); // flushes the spans still batched
      log.info("stopped");
      process.exit(0);
    } catch (err) {
      log.error({ err }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err) => {
  console.error("Herald failed to start:", err instanceof Error ? err.message : err);
  if (process.env.LOG_LEVEL === "debug") console.error(err);
  process.exit(1);
});
