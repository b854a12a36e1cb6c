import { sql } from "drizzle-orm";
import pkg from "../package.json";
import { getDatabase } from "./db/client";
import { bus } from "./events";
import { metrics } from "./metrics";
import { connectionCount } from "./realtime/connections";

export type Health = {
  status: "healthy" | "unhealthy";
  service: "herald";
  version: string;
  database: "postgres" | "pglite";
  websocket_connections: number;
  failing?: string;
  error?: string;
};

const DB_TIMEOUT_MS = 2000;

export async function checkHealth(): Promise<Health> {
  const database = getDatabase();
  const base = {
    service: "herald" as const,
    version: pkg.version,
    database: database.driver,
    websocket_connections: connectionCount(),
  };
  let health: Health;
  try {
    await Promise.race([
      database.db.execute(sql`select 1`),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error("database did not answer in time")), DB_TIMEOUT_MS).unref(),
      ),
    ]);
    health = { status: "healthy", ...base };
  } catch (err) {
    metrics().databaseErrors.inc({ source: "health" });
    health = { status: "unhealthy", ...base, failing: "database", error: (err as Error).message };
  }
  // The server listens for these to log health transitions and count checks.
  bus().publish("health.checked", { healthy: health.status === "healthy", failing: health.failing });
  return health;
}
