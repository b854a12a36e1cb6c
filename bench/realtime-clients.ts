// A client process of bench/realtime.ts and bench/announcements.ts: holds its share of the Socket.IO
// clients and records, for each `notification:new`, when it arrived (wall clock, sub-millisecond)
// against the sender's `metadata.sent_at_ms`, and when each `announcement:new` arrived. Driven by
// JSON lines on stdin; answers in JSON lines on stdout.
import readline from "node:readline";
import { io, type Socket } from "socket.io-client";

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();

export type SeqRange = { seqFrom: number; seqTo: number };
export type ClientSpec = { i: number; auth: Record<string, string> };
export type WorkerCommand =
  | { cmd: "connect"; url: string; clients: ClientSpec[]; batch: number }
  /** With a range, only the receipts of sends numbered in [seqFrom, seqTo). */
  | ({ cmd: "count" } & Partial<SeqRange>)
  | ({ cmd: "report" } & Partial<SeqRange>)
  | { cmd: "announcements" }
  | { cmd: "close" };
export type WorkerMessage =
  | { type: "connected"; ok: number[]; failed: number; errors: Record<string, number>; ms: number }
  | { type: "count"; received: number; disconnects: number }
  /** Every announcement:new received (bench/announcements.ts): its id and the receipt time. */
  | { type: "announcements"; receipts: { id: string; at: number }[] }
  | {
      type: "report";
      /** Sequence numbers and latencies (ms) of every notification:new received, in arrival order. */
      seqs: number[];
      latencies: number[];
      /** Receipt time minus the notification's own `created_at` (the server's insert, ms resolution). */
      fromCreated: number[];
      misrouted: number;
      disconnects: number;
      disconnectReasons: Record<string, number>;
    };

type Bench = { bench_seq: number; sent_at_ms: number; to: number };

const sockets: Socket[] = [];
const seqs: number[] = [];
const latencies: number[] = [];
const fromCreated: number[] = [];
const announcementReceipts: { id: string; at: number }[] = [];
/** Sequence numbers received on a socket that was not their recipient. */
const misrouted: number[] = [];
let disconnects = 0;
const disconnectReasons: Record<string, number> = {};
let closing = false;

function reply(m: WorkerMessage): void {
  process.stdout.write(JSON.stringify(m) + "\n");
}

function open(url: string, spec: ClientSpec): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(url, {
      transports: ["websocket"],
      auth: spec.auth,
      forceNew: true,
      reconnection: false,
      timeout: 60_000,
    });
    s.on("notification:new", (n: { metadata?: Partial<Bench>; created_at?: string }) => {
      const t = now();
      const m = n?.metadata;
      if (typeof m?.bench_seq !== "number" || typeof m.sent_at_ms !== "number") return;
      if (m.to !== spec.i) misrouted.push(m.bench_seq);
      seqs.push(m.bench_seq);
      latencies.push(t - m.sent_at_ms);
      fromCreated.push(t - Date.parse(n.created_at ?? ""));
    });
    s.on("announcement:new", (a: { id?: string }) =>
      announcementReceipts.push({ id: String(a?.id), at: now() }),
    );
    s.once("connect", () => {
      s.on("disconnect", (reason) => {
        if (closing) return;
        disconnects += 1;
        disconnectReasons[reason] = (disconnectReasons[reason] ?? 0) + 1;
      });
      resolve(s);
    });
    s.once("connect_error", (err) => {
      s.close();
      reject(err);
    });
  });
}

async function connectAll(cmd: Extract<WorkerCommand, { cmd: "connect" }>): Promise<void> {
  const started = performance.now();
  const ok: number[] = [];
  const errors: Record<string, number> = {};
  let failed = 0;
  for (let b = 0; b < cmd.clients.length; b += cmd.batch) {
    const batch = cmd.clients.slice(b, b + cmd.batch);
    const results = await Promise.allSettled(batch.map((c) => open(cmd.url, c)));
    results.forEach((r, k) => {
      if (r.status === "fulfilled") {
        sockets.push(r.value);
        ok.push(batch[k]!.i);
      } else {
        failed += 1;
        const msg = String((r.reason as Error)?.message ?? r.reason);
        errors[msg] = (errors[msg] ?? 0) + 1;
      }
    });
  }
  reply({ type: "connected", ok, failed, errors, ms: performance.now() - started });
}

function rangeFilter(r: Partial<SeqRange>): ((seq: number) => boolean) | undefined {
  if (r.seqFrom === undefined || r.seqTo === undefined) return undefined;
  const { seqFrom, seqTo } = r;
  return (seq) => seq >= seqFrom && seq < seqTo;
}

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const cmd = JSON.parse(line) as WorkerCommand;
  switch (cmd.cmd) {
    case "connect":
      void connectAll(cmd);
      return;
    case "count": {
      const inRange = rangeFilter(cmd);
      reply({ type: "count", received: inRange ? seqs.filter(inRange).length : seqs.length, disconnects });
      return;
    }
    case "report": {
      const inRange = rangeFilter(cmd) ?? (() => true);
      const keep = seqs.map((s) => inRange(s));
      const pick = <T>(a: T[]) => a.filter((_, j) => keep[j]);
      reply({
        type: "report",
        seqs: pick(seqs),
        latencies: pick(latencies),
        fromCreated: pick(fromCreated),
        misrouted: misrouted.filter(inRange).length,
        disconnects,
        disconnectReasons,
      });
      return;
    }
    case "announcements":
      reply({ type: "announcements", receipts: announcementReceipts });
      return;
    case "close":
      closing = true;
      for (const s of sockets) s.close();
      rl.close();
      // Let the close frames go out, then leave.
      setTimeout(() => process.exit(0), 500);
      return;
  }
});
