// Live delivery (issue #5): N authenticated Socket.IO clients in separate processes, single-recipient
// sends through the REST API at a fixed rate to random connected users, and the time from the send
// request's start to the client's receipt. Side by side, the same load on a bare Socket.IO server
// (bench/realtime-bare.ts: a room per user, emit on an HTTP trigger, no auth, no database).
//
// BENCH_SOCKETS=1000,10000,20000  BENCH_RATE=1000 (sends/s)  BENCH_DURATION=30 (s)
// BENCH_SOCKETS_PER_PROCESS=5000  BENCH_CONNECT_BATCH=500  BENCH_SENDER_CONNECTIONS=64
//
// Every process runs on this machine and shares its clock: the sender puts `sent_at_ms` (wall clock,
// sub-millisecond) and a sequence number in the notification's metadata, the client subtracts it
// from its receipt time. The sender is open-loop: a send's clock starts when it is due, so time
// spent waiting for a free connection counts (no coordinated omission). Each size gets a fresh
// database and server (n users, one socket each, tokens minted here with the server's APP_SECRET).
// A server process holds one descriptor per socket: sizes over the open-files limit (less
// FD_RESERVE) are measured at the largest size that fits, and the output says so.
import { machine, saveResult, summary } from "./lib";
import {
  closeClients,
  collectReceipts,
  connectTarget,
  CPUS,
  drainReceipts,
  log,
  machineTicks,
  openFilesLimit,
  pinLoadGenerator,
  receivedCount,
  round,
  sendLoad,
  sleep,
  socketsThatFit,
  startBare,
  statusKb,
  stopBare,
  startHerald,
  type Herald,
  type Target,
} from "./realtime-lib";

const SIZES = (process.env.BENCH_SOCKETS ?? "1000,10000,20000")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const DURATION = Number(process.env.BENCH_DURATION ?? 30);
const PER_PROCESS = Number(process.env.BENCH_SOCKETS_PER_PROCESS ?? 5000);
const CONNECT_BATCH = Number(process.env.BENCH_CONNECT_BATCH ?? 500);
const SENDER_CONNECTIONS = Number(process.env.BENCH_SENDER_CONNECTIONS ?? 64);
const WARMUP = { sends: 500, rate: 250 };
/** How long to wait for the last receipts once every send has been answered. */
const DRAIN_MS = 15_000;
// ---------------------------------------------------------------------------------------------
// One size against one target.

async function measure(n: number, target: Target) {
  const { procs, users, errors, connectMs, sampler, idle, afterConnect } = await connectTarget(n, target, {
    perProcess: PER_PROCESS,
    batch: CONNECT_BATCH,
  });
  try {
    // Warm-up (JIT, plans, connections), not counted.
    const warm = await sendLoad({
      url: target.sendUrl,
      headers: target.headers,
      users,
      firstSeq: -1_000_000,
      count: WARMUP.sends,
      rate: WARMUP.rate,
    });
    await sleep(1000);

    log(
      `${target.name}: warm-up done (${warm.accepted.size}/${WARMUP.sends}); sending ${RATE}/s for ${DURATION} s`,
    );
    const start = sampler.sample();
    const sent = await sendLoad({
      url: target.sendUrl,
      headers: target.headers,
      users,
      firstSeq: 0,
      count: Math.round(RATE * DURATION),
      rate: RATE,
    });
    const answered = sampler.sample();
    // Drain: wait until as many receipts as accepted sends, or DRAIN_MS.
    const range = { seqFrom: 0, seqTo: sent.attempted };
    await drainReceipts(procs, sent.accepted.size, range, DRAIN_MS);
    const { disconnects } = await receivedCount(procs);
    const end = sampler.sample();
    const peakKb = statusKb(target.pid, "VmHWM"); // null: the server is gone
    log(`${target.name}: sends answered and receipts drained`);
    const { firstLatency, fromCreated, duplicates, misrouted, disconnectReasons } = await collectReceipts(
      procs,
      range,
    );
    const delivered = [...sent.accepted].filter((s) => firstLatency.has(s)).length;
    const latency = summary([...firstLatency.values()]);
    const created = summary([...fromCreated.values()].filter((v) => Number.isFinite(v)));
    const rest = summary(sent.restMs);
    const sendSecs = (sent.lastAnswerAt - sent.startedAt) / 1000;
    const load = sampler.window(start, answered);
    return {
      target: target.name,
      sockets: n,
      connected: users.length,
      connect_s: round(connectMs / 1000, 2),
      connect_failures: errors,
      client_processes: procs.length,
      warmup_accepted: warm.accepted.size,
      attempted: sent.attempted,
      on_wire: sent.onWire,
      accepted: sent.accepted.size,
      statuses: sent.statuses,
      accepted_per_s: round(sent.accepted.size / sendSecs, 0),
      expected: sent.accepted.size,
      delivered,
      duplicates,
      delivered_not_accepted: firstLatency.size - delivered,
      misrouted,
      disconnects,
      disconnect_reasons: disconnectReasons,
      latency_ms: latency,
      /** From the notification's created_at (Herald: the insert's transaction time) to receipt. */
      created_to_receipt_ms: created,
      rest_ms: rest,
      server_rss_idle_mb: round(idle.serverRssKb / 1024),
      server_rss_connected_mb: round(afterConnect.serverRssKb / 1024),
      server_rss_per_socket_kb: round((afterConnect.serverRssKb - idle.serverRssKb) / users.length, 1),
      server_rss_max_mb: Math.max(load.server_rss_max_mb, sampler.window(idle, end).server_rss_max_mb),
      server_rss_peak_mb: peakKb === null ? null : round(peakKb / 1024),
      server_exited: peakKb === null,
      load_during_sends: load,
      send_window_s: round(sendSecs, 1),
    };
  } finally {
    sampler.stop();
    await closeClients(procs);
  }
}

// ---------------------------------------------------------------------------------------------

type Row = Awaited<ReturnType<typeof measure>>;

function tableRow(r: Row) {
  const l = r.load_during_sends;
  return {
    target: r.target,
    sockets: `${r.connected}/${r.sockets}`,
    "connect s": r.connect_s,
    "sends attempted/accepted": `${r.attempted}/${r.accepted}`,
    "accepted/s": r.accepted_per_s,
    "delivered/expected": `${r.delivered}/${r.expected}`,
    "p50 ms": r.latency_ms.p50,
    "p99 ms": r.latency_ms.p99,
    "max ms": r.latency_ms.max,
    "REST p99 ms": r.rest_ms.p99,
    "created→client p50/p99 ms": `${r.created_to_receipt_ms.p50}/${r.created_to_receipt_ms.p99}`,
    "RSS max MB": r.server_rss_max_mb,
    "server CPU %": l.server_cpu_pct,
    "machine busy %": l.machine_busy_pct,
    "other CPU %": l.other_cpu_pct,
  };
}

async function main() {
  const fdLimit = openFilesLimit("self");
  console.log(
    `sizes ${SIZES.join(", ")}; ${RATE} sends/s for ${DURATION} s; open-files limit ${fdLimit} ` +
      `(inherited by the server, the bare server and the client processes)`,
  );
  log(pinLoadGenerator());
  const before = machineTicks();
  await sleep(2000);
  const after = machineTicks();
  const busyBefore = round(((after.busy - before.busy) / (after.total - before.total)) * 100);
  log(`machine busy before the run: ${busyBefore} % of ${CPUS} cores`);
  if (busyBefore > 15) log("warning: something else is using the machine; the figures will show it");
  const rows: Row[] = [];
  const failures: { sockets: number; target: string; error: string }[] = [];
  const capped: { requested: number; measured: number }[] = [];
  for (const requested of SIZES) {
    const n = socketsThatFit(requested, fdLimit);
    log(`--- ${n} sockets ---`);
    if (n < requested) {
      log(
        `${requested} sockets do not fit in one process under the open-files limit of ${fdLimit} ` +
          `(hard limit, cannot be raised here); measuring ${n}`,
      );
      capped.push({ requested, measured: n });
    }

    let herald: Herald | undefined;
    try {
      herald = await startHerald(n);
      const server = herald.server;
      log(`${n} users and subscriber tokens ready`);
      rows.push(await measure(n, herald.target));
      if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
        const how = server.proc.exitCode ?? server.proc.signalCode;
        failures.push({ sockets: n, target: "Herald", error: `the server exited during the run (${how})` });
        log(`Herald: the server exited during the run (${how}); its last output:`);
        console.log(server.output().split("\n").slice(-30).join("\n"));
      }
    } catch (err) {
      failures.push({ sockets: n, target: "Herald", error: String((err as Error).message ?? err) });
      log(`Herald failed at ${n} sockets: ${(err as Error).message}`);
      if (herald) console.log(herald.server.output().split("\n").slice(-20).join("\n"));
    } finally {
      await herald?.close();
    }

    const bare = await startBare();
    try {
      rows.push(await measure(n, bare.target));
    } catch (err) {
      failures.push({ sockets: n, target: "bare Socket.IO", error: String((err as Error).message ?? err) });
      log(`bare server failed at ${n} sockets: ${(err as Error).message}`);
    } finally {
      await stopBare(bare.proc);
    }
    for (const r of rows.filter((r) => r.sockets === n)) {
      console.log(
        `  ${r.target}: ${JSON.stringify({
          statuses: r.statuses,
          rest_ms: r.rest_ms,
          duplicates: r.duplicates,
          delivered_not_accepted: r.delivered_not_accepted,
          misrouted: r.misrouted,
          disconnects: r.disconnects,
          rss_idle_connected_peak_mb: [r.server_rss_idle_mb, r.server_rss_connected_mb, r.server_rss_peak_mb],
          rss_per_socket_kb: r.server_rss_per_socket_kb,
          load: r.load_during_sends,
        })}`,
      );
    }
    console.table(rows.filter((r) => r.sockets === n).map(tableRow));
  }

  console.log(`\nAll sizes (${RATE} sends/s for ${DURATION} s):`);
  console.table(rows.map(tableRow));
  const herald = rows.filter((r) => r.target === "Herald");
  const at10k = herald.find((r) => r.sockets === 10_000);
  const cap20k = capped.find((c) => c.requested === 20_000);
  const at20k = herald.find((r) => r.sockets === (cap20k?.measured ?? 20_000));
  const mb = (r: Row) => `${r.server_rss_max_mb} MB at ${r.connected} sockets`;
  const targets = {
    "20,000 sockets in one process, RSS <= 1 GB": !at20k
      ? "not run"
      : cap20k
        ? `not measurable here (open-files limit ${fdLimit}): ${mb(at20k)}, projected to 20,000: ` +
          `${round(at20k.server_rss_idle_mb + ((at20k.server_rss_max_mb - at20k.server_rss_idle_mb) * 20_000) / at20k.connected, 0)} MB`
        : at20k.connected === 20_000 && at20k.server_rss_max_mb <= 1024
          ? `met: ${mb(at20k)}`
          : `not met: ${mb(at20k)}`,
    "p99 <= 20 ms at 10,000 sockets and 1,000 sends/s": !at10k
      ? "not run"
      : `${RATE >= 1000 && at10k.latency_ms.p99 <= 20 ? "met" : "not met"}: p99 ${at10k.latency_ms.p99} ms at ${RATE} sends/s offered, ${at10k.accepted_per_s}/s accepted`,
    "delivered = expected":
      herald.length === 0
        ? "not run"
        : `${herald.every((r) => r.expected > 0 && r.delivered === r.expected) ? "met" : "not met"}: ` +
          herald.map((r) => `${r.delivered}/${r.expected}`).join(", "),
  };
  console.log("Targets (issue #5), Herald:", targets);
  if (failures.length) console.log("Failures:", failures);
  saveResult("realtime", {
    machine: machine(),
    open_files_limit: fdLimit,
    capped,
    machine_busy_before_pct: busyBefore,
    rate_per_s: RATE,
    duration_s: DURATION,
    sockets_per_client_process: PER_PROCESS,
    sender_connections: SENDER_CONNECTIONS,
    rows,
    failures,
    targets,
  });
}

await main();
