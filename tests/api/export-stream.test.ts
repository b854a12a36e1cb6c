// The CSV exports stream: a 50,000-row export of over 60 MB reaches the client chunk by chunk, with no
// length known in advance, while the server's resident memory stays far below the size of the file.
// (Long rows rather than more of them: the file's size is what matters, and each row costs a send.)
import { mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "../helpers/db";
import { requireBuild, startServer, type RunningServer } from "../helpers/server";

const KEY = "hk_export_stream_key_0123456789abcdefghij";
const auth = { Authorization: `Bearer ${KEY}`, "content-type": "application/json" };
const ROWS = 50_000;
const PER_SEND = 10_000;

/** Read over a connection of its own, beside the export's. */
function metricsText(server: RunningServer): Promise<string> {
  return new Promise((resolve, reject) => {
    get(`${server.url}/metrics`, { agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve(text));
    }).on("error", reject);
  });
}

async function residentBytes(server: RunningServer): Promise<number> {
  const text = await metricsText(server);
  const line = text.split("\n").find((l) => l.startsWith("process_resident_memory_bytes"));
  return Number(line?.split(" ")[1]);
}

// Its server runs on PGlite whatever TEST_DATABASE_URL says: the PostgreSQL pass skips it.
describe.skipIf(onPostgres)("CSV exports", () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    requireBuild();
    dir = mkdtempSync(path.join(tmpdir(), "herald-export-"));
    server = await startServer({ PGLITE_DIR: dir, HERALD_API_KEY: KEY });
    const recipients = Array.from({ length: PER_SEND }, (_, i) => `reader-${i}`);
    for (let sent = 0; sent < ROWS; sent += PER_SEND) {
      const res = await fetch(`${server.url}/api/v1/notifications`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          user_ids: recipients,
          title: `Export row batch ${sent} with a title long enough to weigh`,
          content: "x".repeat(1400),
          type: "info",
        }),
      });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("streams 50,000 rows (over 60 MB) with resident memory far below the file's size", async () => {
    const before = await residentBytes(server).catch((e) => {
      throw new Error(`metrics: ${e} ${server.output().slice(-2000)}`);
    });
    const res = await fetch(`${server.url}/api/v1/notifications/export`, { headers: auth }).catch((e) => {
      throw new Error(`export: ${e} ${server.output().slice(-2000)}`);
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    // A buffered answer would know its length; a streamed one is sent in chunks.
    expect(res.headers.get("content-length")).toBeNull();
    expect(res.headers.get("transfer-encoding")).toBe("chunked");

    let bytes = 0;
    let lines = 0;
    let peak = before;
    let nextSample = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read().catch((e) => {
        throw new Error(`read after ${bytes}: ${e} ${server.output().slice(-2500)}`);
      });
      if (done) break;
      bytes += value.length;
      for (const b of value) if (b === 10) lines++;
      if (bytes >= nextSample) {
        peak = Math.max(
          peak,
          await residentBytes(server).catch((e) => {
            throw new Error(`metrics after ${bytes}: ${e} ${server.output().slice(-2500)}`);
          }),
        );
        nextSample += 4 * 1024 * 1024;
      }
    }
    expect(lines).toBe(ROWS + 1); // the header line and one line per notification
    expect(bytes).toBeGreaterThan(60 * 1024 * 1024);
    // Holding the whole file (as a string and as the bytes sent) would add at least its size.
    expect(peak - before).toBeLessThan(bytes / 2);
  });
});
