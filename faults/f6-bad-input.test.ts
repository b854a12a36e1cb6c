// F6: bad input at scale against a running server. For every declared endpoint, requests built by
// fast-check from the endpoint's own schemas (right keys with values of every type, wrong keys,
// anything at all) and hand-made broken bodies (malformed JSON, invalid UTF-8, deep nesting, an
// oversize body, a wrong content type): no answer is a 5xx, the process stays up, and a refused
// request writes nothing (the tenant's tables count the same before and after it).
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import { MAX_REQUEST_BYTES } from "@/lib/http/validation";
import { createCrashRig, post, type CrashRig } from "../tests/helpers/crash";
import type { RunningServer } from "../tests/helpers/server";
import { startCluster, type Cluster } from "./helpers/cluster";
import { API_ENDPOINTS, jsonSchemaOf, pathParams, type Endpoint, type JsonSchema } from "./helpers/endpoints";
import { figures } from "./helpers/report";

const KEY = "hk_super_key_for_fault_f6_0123456789abcdef";
/** Generated requests per endpoint: the CI run's; FAULTS_RUNS raises it for the full suite. */
const RUNS = Number(process.env.FAULTS_RUNS ?? 12);
const SEED = Number(process.env.FAULTS_SEED ?? 20261207);

/** Values near what a field wants (its type, its enum, empty and huge ones) and anything at all. */
function valueFor(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const any = fc.jsonValue({ maxDepth: 2 });
  if (!s || depth > 3) return any;
  const alts: fc.Arbitrary<unknown>[] = [any];
  const variants = s.anyOf ?? s.oneOf;
  if (variants) alts.push(...variants.map((v) => valueFor(v, depth + 1)));
  if (s.enum) alts.push(fc.constantFrom(...s.enum, "not-one-of-them"));
  const types = [s.type ?? []].flat();
  if (types.includes("string"))
    alts.push(
      fc.string(),
      fc.constantFrom("", " ", "2026-13-45T99:00:00Z", "javascript:alert(1)", "../../etc", "x".repeat(5000)),
      fc.uuid(),
    );
  if (types.includes("integer") || types.includes("number"))
    alts.push(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 2 ** 53, 1e308));
  if (types.includes("boolean")) alts.push(fc.boolean());
  if (types.includes("array")) alts.push(fc.array(valueFor(s.items, depth + 1), { maxLength: 4 }));
  if (types.includes("object") || s.properties) alts.push(objectFor(s, depth + 1));
  return fc.oneof(...alts);
}

function objectFor(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(s?.properties ?? {});
  const known = fc.record(Object.fromEntries(keys.map((k) => [k, valueFor(s!.properties![k], depth)])), {
    requiredKeys: [],
  });
  return fc.oneof(
    known,
    fc
      .tuple(known, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }))
      .map(([a, b]) => ({ ...b, ...a })),
  );
}

type Request = { path: string; query: string; body?: unknown };

function requestFor(e: Endpoint): fc.Arbitrary<Request> {
  const params = pathParams(e);
  const segment = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 40 }), fc.constant("%00"));
  const path = fc
    .tuple(...params.map(() => segment))
    .map((values) =>
      params.reduce(
        (p, name, i) => p.replace(`{${name}}`, encodeURIComponent(String(values[i]))),
        e.spec.path,
      ),
    );
  const queryKeys = Object.keys(jsonSchemaOf(e.spec.query)?.properties ?? {});
  const query = fc
    .dictionary(
      fc.constantFrom(...queryKeys, "unknown"),
      fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String)),
      {
        maxKeys: 3,
      },
    )
    .map((q) => new URLSearchParams(q).toString());
  const body = e.spec.body
    ? fc.oneof(objectFor(jsonSchemaOf(e.spec.body)), fc.jsonValue())
    : fc.constant(undefined);
  return fc.record({ path: params.length ? path : fc.constant(e.spec.path), query, body });
}

const BROKEN_BODIES: [string, string | Uint8Array<ArrayBuffer>, string][] = [
  ["malformed JSON", '{"title": "x", ', "application/json"],
  [
    "invalid UTF-8",
    new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]),
    "application/json",
  ],
  ["deep nesting", `${"[".repeat(50_000)}${"]".repeat(50_000)}`, "application/json"],
  ["oversize", JSON.stringify({ title: "x".repeat(MAX_REQUEST_BYTES + 1024) }), "application/json"],
  ["wrong content type", "title=x&content=y", "application/x-www-form-urlencoded"],
];

describe("F6: bad input at scale", () => {
  let cluster: Cluster;
  let rig: CrashRig;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    cluster = await startCluster();
    rig = await createCrashRig({ key: KEY, recipients: 5, prefix: "f6", adminUrl: cluster.url });
    // Budgets out of the way: the case is about what each request gets, not how many may come.
    server = await rig.start({ env: { RATE_LIMIT_USER_PER_MIN: "100000", RATE_LIMIT_IP_PER_MIN: "100000" } });
    const minted = await post(server, KEY, "/api/v1/users/f6-1/token", {});
    token = minted.json.data.token;
  });
  afterAll(async () => {
    await rig?.close().catch(() => {});
    await cluster?.destroy();
  });

  /** How many rows the tenant's tables hold (the audit log and rate-limit buckets move on refusals by design). */
  const fingerprint = async () =>
    JSON.stringify(
      rowsOf(
        await rig.database.db.execute(sql`select
          (select count(*) from notifications)::int as notifications,
          (select count(*) from deliveries)::int as deliveries,
          (select count(*) from users)::int as users,
          (select count(*) from templates)::int as templates,
          (select count(*) from workflows)::int as workflows,
          (select count(*) from topics)::int as topics,
          (select count(*) from api_keys)::int as api_keys,
          (select count(*) from announcements)::int as announcements,
          (select count(*) from webhook_endpoints)::int as webhook_endpoints,
          (select count(*) from integrations)::int as integrations`),
      ),
    );

  const call = async (
    e: Endpoint,
    r: Request,
    raw?: { body: string | Uint8Array<ArrayBuffer>; type: string },
  ) => {
    const auth = e.access.auth === "user" ? token : KEY;
    const method = e.spec.method.toUpperCase();
    const hasBody = method !== "GET" && method !== "DELETE";
    const res = await fetch(`${server.url}${r.path}${r.query ? `?${r.query}` : ""}`, {
      method,
      headers: {
        Authorization: `Bearer ${auth}`,
        ...(hasBody ? { "content-type": raw?.type ?? "application/json" } : {}),
      },
      body: hasBody ? (raw?.body ?? (r.body === undefined ? undefined : JSON.stringify(r.body))) : undefined,
    });
    await res.arrayBuffer();
    return res.status;
  };

  it("answers every generated and broken request below 500, stays up, and a refusal writes nothing", async () => {
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const check = async (
      e: Endpoint,
      r: Request,
      raw?: { body: string | Uint8Array<ArrayBuffer>; type: string },
    ) => {
      const before = await fingerprint();
      const status = await call(e, r, raw);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) failures.push(`${e.spec.method.toUpperCase()} ${r.path}?${r.query} → ${status}`);
      if (status >= 400 && (await fingerprint()) !== before)
        failures.push(`${e.spec.method.toUpperCase()} ${r.path} refused with ${status} but wrote rows`);
      return status < 500;
    };

    for (const e of API_ENDPOINTS) {
      await fc
        .assert(
          fc.asyncProperty(requestFor(e), (r) => check(e, r)),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        )
        .catch(() => {}); // failures are collected above, with the request that caused them
      if (e.spec.body) {
        const path = e.spec.path.replace(/\{\w+\}/g, "f6-1");
        for (const [, body, type] of BROKEN_BODIES) await check(e, { path, query: "" }, { body, type });
      }
    }

    expect(failures).toEqual([]);
    expect(server.proc.exitCode).toBeNull();
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    figures("F6", {
      endpoints: API_ENDPOINTS.length,
      requests: total,
      runs_per_endpoint: RUNS,
      seed: SEED,
      ...Object.fromEntries([...statuses].sort(([a], [b]) => a - b).map(([s, n]) => [`status_${s}`, n])),
    });
  });
});
