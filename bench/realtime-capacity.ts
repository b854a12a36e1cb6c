// Live-delivery capacity (issue #20): the saturation curve of Herald's realtime path, not one
// overload point. Per size, N sockets connect once (client processes, as in bench/realtime.ts), then
// the sender offers rising rates in steps; each step reports offered/s → accepted/s, receipt
// p50/p99, server CPU and RSS, PostgreSQL CPU. The maximum sustainable rate is the highest step
// (refined by bisection between the last good and the first bad step) at which every send is
// accepted and delivered and the receipt p99 stays ≤ BENCH_P99_LIMIT_MS. Then a step at half that
// rate, and the same steps on the bare Socket.IO server (bench/realtime-bare.ts) in the same run:
// the comparison row is Herald's p99 over the bare server's at half the maximum rate (target ≤ 3×).
//
// BENCH_SOCKETS=10000,20000  BENCH_STEPS=100,200,400,600,800,1000,1200,1500,2000  BENCH_STEP_SECONDS=20
// BENCH_WARMUP_SECONDS=20  BENCH_P99_LIMIT_MS=50  BENCH_BISECT=2 (bisection steps)  BENCH_TASKSET=1 (pin clients and sender)
// BENCH_SOCKETS_PER_PROCESS=5000  BENCH_CONNECT_BATCH=500  BENCH_SENDER_CONNECTIONS=64
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
  round,
  Sampler,
  sendLoad,
  sleep,
  socketsThatFit,
  startBare,
  startHerald,
  stopBare,
  type Target,
} from "./realtime-lib";

const list = (v: string) =>
  v
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
const SIZES = list(process.env.BENCH_SOCKETS ?? "10000,20000");
const STEPS = list(process.env.BENCH_STEPS ?? "100,200,400,600,800,1000,1200,1500,2000").sort(
  (a, b) => a - b,
);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 20);
const P99_LIMIT_MS = Number(process.env.BENCH_P99_LIMIT_MS ?? 50);
const BISECT = Number(process.env.BENCH_BISECT ?? 2);
const PER_PROCESS = Number(process.env.BENCH_SOCKETS_PER_PROCESS ?? 5000);
const CONNECT_BATCH = Number(process.env.BENCH_CONNECT_BATCH ?? 500);
// Warm-up at the first step's rate, not counted: in short runs the first measured step came out
// far slower than the next two (JIT tiers, PostgreSQL's first plans and autovacuum on tables
// that started empty), which ended the climb before it began.
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 20);
/** A step this far over the p99 limit ends the climb: the next ones would only queue more. */
const FAR_OVER = 4;
/** Accepted/s under this share of the offered rate: the server no longer keeps up. */
const KEEPS_UP = 0.95;
/** How long to wait for a step's last receipts once its sends are answered. */
const DRAIN_MS = 10_000;
/** Quiet between steps, so one step's backlog does not land in the next. */
const SETTLE_MS = 2_000;
/** Sequence numbers per step: step k's sends are numbered from k × SEQ_BLOCK. */
const SEQ_BLOCK = 10_000_000;
/** Rates found by bisection are rounded to this many sends/s. */
const RATE_GRAIN = 10;

type Step = Awaited<ReturnType<typeof runStep>>;

/** One target with its sockets connected: offers `rate` sends/s for STEP_SECONDS and measures. */
async function runStep(
  ctx: {
    target: Target;
    sampler: Sampler;
    procs: Awaited<ReturnType<typeof connectTarget>>["procs"];
    users: number[];
  },
  rate: number,
  index: number,
  phase: "climb" | "bisect" | "half",
) {
  const seqFrom = (index + 1) * SEQ_BLOCK;
  const start = ctx.sampler.sample();
  const sent = await sendLoad({
    url: ctx.target.sendUrl,
    headers: ctx.target.headers,
    users: ctx.users,
    firstSeq: seqFrom,
    count: Math.round(rate * STEP_SECONDS),
    rate,
  });
  const answered = ctx.sampler.sample();
  const range = { seqFrom, seqTo: seqFrom + sent.attempted };
  await drainReceipts(ctx.procs, sent.accepted.size, range, DRAIN_MS);
  const rec = await collectReceipts(ctx.procs, range);
  const load = ctx.sampler.window(start, answered);
  const delivered = [...sent.accepted].filter((s) => rec.firstLatency.has(s)).length;
  // A send not delivered counts as infinitely late: the percentiles are over every accepted send.
  const latencies = [...sent.accepted].map((s) => rec.firstLatency.get(s) ?? Infinity);
  const latency = summary(latencies);
  const sendSecs = (sent.lastAnswerAt - sent.startedAt) / 1000;
  const acceptedPerS = sendSecs > 0 ? round(sent.accepted.size / sendSecs, 0) : 0;
  const keepsUp = sent.accepted.size === sent.attempted && acceptedPerS >= KEEPS_UP * rate;
  const step = {
    target: ctx.target.name,
    phase,
    offered_per_s: rate,
    attempted: sent.attempted,
    accepted: sent.accepted.size,
    accepted_per_s: acceptedPerS,
    delivered,
    lost: sent.accepted.size - delivered,
    duplicates: rec.duplicates,
    misrouted: rec.misrouted,
    statuses: sent.statuses,
    latency_ms: latency,
    rest_ms: summary(sent.restMs),
    created_to_receipt_ms: summary([...rec.fromCreated.values()].filter((v) => Number.isFinite(v))),
    ...load,
    /** Every send accepted and delivered, accepted/s keeps up, and p99 within the limit. */
    good: keepsUp && delivered === sent.accepted.size && latency.p99 <= P99_LIMIT_MS,
    /** The climb ends here: p99 far over the limit, or the server no longer keeps up. */
    saturated: !keepsUp || !(latency.p99 <= FAR_OVER * P99_LIMIT_MS),
  };
  log(
    `${ctx.target.name} ${phase} ${rate}/s: accepted ${step.accepted}/${step.attempted} (${acceptedPerS}/s), ` +
      `delivered ${delivered}, p50 ${latency.p50} ms, p99 ${latency.p99} ms, server CPU ${load.server_cpu_pct} %, ` +
      `PostgreSQL CPU ${load.postgres_cpu_pct} %, RSS max ${load.server_rss_max_mb} MB` +
      (step.good ? "" : step.saturated ? " — saturated" : " — over the limit"),
  );
  await sleep(SETTLE_MS);
  return step;
}

/** Connects n sockets to the target, warms up, runs `plan` (which picks the rates), disconnects. */
async function withSockets<T>(
  n: number,
  target: Target,
  plan: (run: (rate: number, phase: Step["phase"]) => Promise<Step>) => Promise<T>,
) {
  const {
    procs,
    users,
    errors,
    connectMs,
    sampler,
    idle,
    afterConnect: connected,
  } = await connectTarget(n, target, {
    perProcess: PER_PROCESS,
    batch: CONNECT_BATCH,
  });
  try {
    const warm = await sendLoad({
      url: target.sendUrl,
      headers: target.headers,
      users,
      firstSeq: 0,
      count: Math.round(STEPS[0]! * WARMUP_SECONDS),
      rate: STEPS[0]!,
    });
    log(
      `${target.name}: warm-up ${warm.accepted.size}/${warm.attempted} at ${STEPS[0]}/s for ${WARMUP_SECONDS} s`,
    );
    await sleep(SETTLE_MS);
    const ctx = { target, sampler, procs, users };
    let index = 0;
    const result = await plan((rate, phase) => runStep(ctx, rate, index++, phase));
    return {
      result,
      connected: users.length,
      connect_s: round(connectMs / 1000, 2),
      connect_failures: errors,
      server_rss_idle_mb: round(idle.serverRssKb / 1024),
      server_rss_connected_mb: round(connected.serverRssKb / 1024),
    };
  } finally {
    sampler.stop();
    await closeClients(procs);
  }
}

/**
 * Climbs STEPS until saturated, then bisects between the highest good step and the first bad step
 * above it. A bad step below a good one (a neighbour's burst on a shared machine) stays in the table
 * but does not cap the rate.
 */
async function findCapacity(run: (rate: number, phase: Step["phase"]) => Promise<Step>) {
  const steps: Step[] = [];
  for (const rate of STEPS) {
    const s = await run(rate, "climb");
    steps.push(s);
    if (s.saturated) break;
  }
  let lastGood = Math.max(0, ...steps.filter((s) => s.good).map((s) => s.offered_per_s)) || undefined;
  const firstBad = steps
    .filter((s) => !s.good && s.offered_per_s > (lastGood ?? 0))
    .map((s) => s.offered_per_s)
    .sort((a, b) => a - b)[0];
  if (firstBad !== undefined) {
    let lo = lastGood ?? 0;
    let hi = firstBad;
    for (let k = 0; k < BISECT; k++) {
      const mid = Math.round((lo + hi) / 2 / RATE_GRAIN) * RATE_GRAIN;
      if (mid <= lo || mid >= hi) break;
      const s = await run(mid, "bisect");
      steps.push(s);
      if (s.good) lo = mid;
      else hi = mid;
    }
    lastGood = lo > 0 ? lo : undefined;
  }
  /** The highest rate measured good, below the first bad one above it (undefined: no step was good). */
  const max = lastGood;
  /** False: no step was bad, the capacity is above the last step. */
  const reached = firstBad !== undefined;
  const half = max === undefined ? undefined : Math.max(1, Math.round(max / 2 / RATE_GRAIN) * RATE_GRAIN);
  if (half !== undefined) steps.push(await run(half, "half"));
  return { steps, max, reached, half };
}

function tableRow(s: Step) {
  return {
    target: s.target,
    phase: s.phase,
    "offered/s": s.offered_per_s,
    "accepted/s": s.accepted_per_s,
    "accepted/attempted": `${s.accepted}/${s.attempted}`,
    lost: s.lost,
    "p50 ms": s.latency_ms.p50,
    "p99 ms": s.latency_ms.p99,
    "REST p99 ms": s.rest_ms.p99,
    "server CPU %": s.server_cpu_pct,
    "PostgreSQL CPU %": s.postgres_cpu_pct,
    "RSS max MB": s.server_rss_max_mb,
    "machine busy %": s.machine_busy_pct,
    ok: s.good ? "yes" : "no",
  };
}

async function main() {
  const fdLimit = openFilesLimit("self");
  const pinning = pinLoadGenerator();
  console.log(
    `sizes ${SIZES.join(", ")}; steps ${STEPS.join(", ")} sends/s, ${STEP_SECONDS} s each; ` +
      `p99 limit ${P99_LIMIT_MS} ms; ${BISECT} bisection step(s); open-files limit ${fdLimit}; ${pinning}`,
  );
  const before = machineTicks();
  await sleep(2000);
  const after = machineTicks();
  const busyBefore = round(((after.busy - before.busy) / (after.total - before.total)) * 100);
  log(`machine busy before the run: ${busyBefore} % of ${CPUS} cores`);
  if (busyBefore > 15) log("warning: something else is using the machine; the figures will show it");

  const sizes = [];
  const failures: { sockets: number; target: string; error: string }[] = [];
  for (const requested of SIZES) {
    const n = socketsThatFit(requested, fdLimit);
    log(
      `--- ${n} sockets${n < requested ? ` (${requested} do not fit under the open-files limit of ${fdLimit})` : ""} ---`,
    );
    let herald;
    let capacity: Awaited<ReturnType<typeof findCapacity>> | undefined;
    const h = await startHerald(n);
    try {
      herald = await withSockets(n, h.target, findCapacity);
      capacity = herald.result;
    } catch (err) {
      failures.push({ sockets: n, target: "Herald", error: String((err as Error).message ?? err) });
      log(`Herald failed at ${n} sockets: ${(err as Error).message}`);
      console.log(h.server.output().split("\n").slice(-20).join("\n"));
    } finally {
      await h.close();
    }

    // The bare server: the same rates, in the same order.
    const rates = capacity?.steps.map((s) => ({ rate: s.offered_per_s, phase: s.phase })) ?? [];
    let bare;
    const b = await startBare();
    try {
      bare = await withSockets(n, b.target, async (run) => {
        const steps: Step[] = [];
        for (const r of rates) steps.push(await run(r.rate, r.phase));
        return steps;
      });
    } catch (err) {
      failures.push({ sockets: n, target: "bare Socket.IO", error: String((err as Error).message ?? err) });
      log(`bare server failed at ${n} sockets: ${(err as Error).message}`);
    } finally {
      await stopBare(b.proc);
    }

    const heraldHalf = capacity?.steps.find((s) => s.phase === "half");
    const bareHalf = bare?.result.find((s) => s.phase === "half");
    const ratio =
      heraldHalf && bareHalf && bareHalf.latency_ms.p99 > 0
        ? round(heraldHalf.latency_ms.p99 / bareHalf.latency_ms.p99, 2)
        : null;
    const rssMax = capacity ? Math.max(...capacity.steps.map((s) => s.server_rss_max_mb)) : null;
    const size = {
      requested,
      sockets: n,
      herald: herald && { ...herald, result: undefined },
      bare: bare && { ...bare, result: undefined },
      steps: [...(capacity?.steps ?? []), ...(bare?.result ?? [])],
      max_rate_per_s: capacity?.max ?? null,
      max_rate_reached: capacity?.reached ?? null,
      half_rate_per_s: capacity?.half ?? null,
      half: {
        herald_p99_ms: heraldHalf?.latency_ms.p99 ?? null,
        bare_p99_ms: bareHalf?.latency_ms.p99 ?? null,
        ratio,
        target_met: ratio === null ? null : ratio <= 3,
      },
      herald_rss_max_mb: rssMax,
    };
    sizes.push(size);
    console.table(size.steps.map(tableRow));
    const maxText =
      capacity?.max === undefined
        ? `below the first step (${STEPS[0]}/s)`
        : `${capacity.max}/s${capacity.reached ? "" : ` (every step was good: the capacity is above it)`}`;
    console.log(
      `${n} sockets: max sustainable rate with receipt p99 ≤ ${P99_LIMIT_MS} ms: ${maxText}; ` +
        (ratio === null
          ? "no half-rate comparison"
          : `at ${capacity!.half}/s Herald p99 ${heraldHalf!.latency_ms.p99} ms vs bare ${bareHalf!.latency_ms.p99} ms: ` +
            `${ratio}× (target ≤ 3×: ${ratio <= 3 ? "met" : "not met"})`) +
        `; Herald RSS max ${rssMax} MB (connected ${herald?.server_rss_connected_mb} MB)`,
    );
  }
  const at20k = sizes.find((s) => s.requested === 20_000);
  const targets = {
    "half-rate receipt p99 <= 3x bare": sizes.map((s) =>
      s.half.ratio === null
        ? `${s.sockets}: not measured`
        : `${s.sockets}: ${s.half.ratio}x (${s.half.target_met ? "met" : "not met"})`,
    ),
    "20,000 sockets <= 1 GB RSS": !at20k
      ? "not run"
      : `${at20k.herald_rss_max_mb} MB at ${at20k.herald?.connected ?? 0} sockets` +
        (at20k.sockets < 20_000 ? ` (capped by the open-files limit ${fdLimit})` : "") +
        ((at20k.herald_rss_max_mb ?? Infinity) <= 1024 ? ": met" : ": not met"),
  };
  console.log("Targets (issue #20):", targets);
  if (failures.length) console.log("Failures:", failures);
  saveResult("realtime-capacity", {
    machine: machine(),
    how_run: pinning,
    machine_busy_before_pct: busyBefore,
    open_files_limit: fdLimit,
    steps_per_s: STEPS,
    step_seconds: STEP_SECONDS,
    p99_limit_ms: P99_LIMIT_MS,
    bisect: BISECT,
    sockets_per_client_process: PER_PROCESS,
    sizes,
    failures,
    targets,
  });
}

await main();
