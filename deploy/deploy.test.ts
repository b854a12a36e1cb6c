// The deployment files hold together with the code: no image is built here, so these read the
// Dockerfile, the compose file, the proxy config, the alert rules and the dashboard, and check every
// variable, script, role and metric they name against what Herald has.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema } from "@/lib/env";
import { metrics } from "@/lib/metrics";

const ROOT = path.resolve(import.meta.dirname, "..");
const DEPLOY = path.join(ROOT, "deploy");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

// --- The project's own facts ---

const SCHEMA_VARIABLES = new Set(Object.keys(envSchema.shape));
const EXAMPLE_VARIABLES = new Set(
  read(".env.example")
    .split("\n")
    .flatMap((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1] ?? []),
);
const PACKAGE_SCRIPTS = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
const SCRIPTS = new Set(Object.keys(PACKAGE_SCRIPTS));
const ROLES = (() => {
  const list = /const ROLES = \[([^\]]*)\] as const/.exec(read("server/index.ts"))?.[1] ?? "";
  return new Set([...list.matchAll(/"(\w+)"/g)].map((m) => m[1]!));
})();

// --- The Dockerfile ---

type Instruction = { keyword: string; args: string };

const dockerfile: Instruction[] = read("deploy/Dockerfile")
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"))
  .map((line) => {
    const [, keyword, args] = /^(\w+)\s+([\s\S]*)$/.exec(line)!;
    return { keyword: keyword!.toUpperCase(), args: args!.trim() };
  });

const finalStage = dockerfile.slice(dockerfile.findLastIndex((i) => i.keyword === "FROM"));
const instruction = (keyword: string) => finalStage.findLast((i) => i.keyword === keyword)?.args;
const execForm = (args: string | undefined) => JSON.parse(args ?? "[]") as string[];

/** `ENV A=1 B=2` (and the old `ENV A 1`) as names. */
const dockerEnvNames = dockerfile
  .filter((i) => i.keyword === "ENV")
  .flatMap((i) =>
    i.args.includes("=")
      ? [...i.args.matchAll(/([A-Za-z_][\w]*)=/g)].map((m) => m[1]!)
      : [i.args.split(/\s+/)[0]!],
  );

const ENTRYPOINT = execForm(instruction("ENTRYPOINT"));
const HEALTHCHECK = instruction("HEALTHCHECK") ?? "";

// --- The compose file ---

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  profiles?: string[];
};
const composeSource = read("deploy/docker-compose.yml");
const compose = parse(composeSource, { merge: true }) as { services: Record<string, Service> };
const heraldServices = Object.entries(compose.services).filter(
  ([, s]) => s.build?.dockerfile === "deploy/Dockerfile",
);
const roleOf = (s: Service) =>
  /^--role=(.*)$/.exec(s.command?.find((a) => a.startsWith("--role=")) ?? "")?.[1];

/** Every `npm …` command line the image and the compose file run. */
const commandLines = [
  ...dockerfile.filter((i) => i.keyword === "RUN").map((i) => i.args),
  [...ENTRYPOINT, ...execForm(instruction("CMD"))].join(" "),
  ...heraldServices.map(([, s]) => [...(s.entrypoint ?? ENTRYPOINT), ...(s.command ?? [])].join(" ")),
];

// --- PromQL ---

const exported = await metrics().registry.getMetricsAsJSON();
const EXPORTED = new Set(exported.map((m) => m.name));
const HISTOGRAMS = new Set(exported.filter((m) => String(m.type) === "histogram").map((m) => m.name));
// Series Prometheus makes itself for every scrape target.
const PROMETHEUS_OWN = new Set(["up"]);
const PROMQL_KEYWORDS = new Set(["and", "or", "unless", "bool", "offset", "inf", "nan"]);

/** The metric names a PromQL expression selects (label matchers, ranges, grouping and functions left out). */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  return [...bare.matchAll(/(?<![\w.$])([a-zA-Z_:][\w:]*)(?![\w:]|\s*\()/g)]
    .map((m) => m[1]!)
    .filter((name) => !PROMQL_KEYWORDS.has(name.toLowerCase()));
}

const isExported = (name: string) => {
  if (EXPORTED.has(name) || PROMETHEUS_OWN.has(name)) return true;
  const base = name.replace(/_(?:bucket|sum|count)$/, "");
  return base !== name && HISTOGRAMS.has(base);
};

type Panel = {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string }[];
  panels?: Panel[];
};
type Dashboard = {
  __inputs: { name: string; type: string; pluginId: string }[];
  panels: Panel[];
  templating: { list: { name: string; datasource: { uid: string }; query: { query: string } }[] };
};
const dashboard = JSON.parse(read("deploy/grafana/herald-dashboard.json")) as Dashboard;
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== "row");

type Rule = {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: string };
  annotations: { summary: string };
};
const alerts = parse(read("deploy/prometheus/alerts.yml")) as { groups: { name: string; rules: Rule[] }[] };
const rules = alerts.groups.flatMap((g) => g.rules);

describe("Dockerfile", () => {
  it("runs its final stage as a user other than root", () => {
    const user = instruction("USER");
    expect(user).toBeDefined();
    expect(["root", "0", "0:0"]).not.toContain(user);
  });

  it("starts Herald with npm start and a valid --role", () => {
    expect(ENTRYPOINT.slice(0, 3)).toEqual(["npm", "start", "--"]);
    const roles = commandLines.flatMap((line) => [...line.matchAll(/--role=(\S+)/g)].map((m) => m[1]!));
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) expect(ROLES, role).toContain(role);
  });

  it("npm start replaces its shell with Herald, so the SIGTERM npm passes on reaches it", () => {
    // Without exec, sh takes the signal and dies; Herald runs on until the container is killed.
    expect(PACKAGE_SCRIPTS.start).toMatch(/\bexec node\b/);
  });

  it("copies only files the repository has", () => {
    const copies = dockerfile.filter((i) => i.keyword === "COPY" && !i.args.includes("--from="));
    for (const copy of copies) {
      const sources = copy.args
        .split(/\s+/)
        .filter((a) => !a.startsWith("--"))
        .slice(0, -1);
      for (const source of sources) expect(existsSync(path.join(ROOT, source)), source).toBe(true);
    }
  });

  it("checks health on /health with Node's fetch, which passes a healthy node and fails an unhealthy one", async () => {
    expect(HEALTHCHECK).toContain("/health");
    expect(HEALTHCHECK).not.toMatch(/curl|wget/);
    const [binary, ...args] = execForm(HEALTHCHECK.replace(/^(?:--\S+\s+)*CMD\s+/, ""));
    let healthy = true;
    const server = createServer((req, res) => {
      res.writeHead(req.url === "/health" && healthy ? 200 : 503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = String((server.address() as AddressInfo).port);
    const check = () =>
      promisify(execFile)(binary!, args, { env: { ...process.env, PORT: port } }).then(
        () => 0,
        (err: { code?: number }) => err.code ?? -1,
      );
    try {
      expect(await check()).toBe(0);
      healthy = false;
      expect(await check()).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe("image and compose together", () => {
  it("set only variables Herald reads and .env.example documents", () => {
    const names = [...dockerEnvNames, ...heraldServices.flatMap(([, s]) => Object.keys(s.environment ?? {}))];
    expect(names).toContain("DATABASE_URL");
    for (const name of new Set(names)) {
      expect(SCHEMA_VARIABLES, `${name} in lib/env.ts`).toContain(name);
      expect(EXAMPLE_VARIABLES, `${name} in .env.example`).toContain(name);
    }
  });

  it("call only npm scripts package.json has", () => {
    const scripts = commandLines.flatMap((line) => [
      ...[...line.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!),
      ...(/\bnpm start\b/.test(line) ? ["start"] : []),
    ]);
    expect(scripts).toContain("start");
    expect(scripts).toContain("build");
    for (const script of scripts) expect(SCRIPTS, script).toContain(script);
  });
});

describe("docker-compose.yml", () => {
  it("runs two web nodes and one worker from the image, after PostgreSQL is healthy", () => {
    const roles = heraldServices.map(([, s]) => roleOf(s));
    expect(roles.filter((r) => r === "web")).toHaveLength(2);
    expect(roles.filter((r) => r === "worker")).toHaveLength(1);
    expect(compose.services.postgres?.healthcheck?.test.join(" ")).toContain("pg_isready");
    for (const [name, s] of heraldServices) {
      expect(existsSync(path.resolve(DEPLOY, s.build!.context, s.build!.dockerfile)), name).toBe(true);
      expect(s.environment?.DATABASE_URL, name).toMatch(/@postgres:5432\//);
      // The image's healthcheck (on /health) applies unless a service replaces it.
      if (s.healthcheck) expect(s.healthcheck.test.join(" "), name).toContain("/health");
    }
  });

  it("takes secrets from the environment and refuses to start without them", () => {
    const herald = heraldServices[0]![1].environment!;
    for (const name of ["AUTH_SECRET", "APP_SECRET", "METRICS_TOKEN", "APP_URL"])
      expect(herald[name], name).toMatch(new RegExp(`^\\$\\{${name}:\\?.+\\}$`));
    expect(herald.DATABASE_URL).toMatch(/\$\{POSTGRES_PASSWORD:\?/);
  });

  it("keeps Redis optional, behind the redis profile", () => {
    expect(compose.services.redis?.profiles).toEqual(["redis"]);
    for (const [name, s] of heraldServices) expect(s.environment?.REDIS_URL, name).toBe("${REDIS_URL:-}");
  });

  it("names every variable it reads from the operator in docs/PRODUCTION.md", () => {
    const guide = read("docs/PRODUCTION.md");
    const variables = new Set([...composeSource.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!));
    for (const name of variables) expect(guide, name).toContain(name);
  });
});

describe("nginx proxy", () => {
  const conf = read("deploy/nginx/herald.conf").replace(/#.*$/gm, "");
  const block = (opening: RegExp): string => {
    const start = conf.search(opening);
    expect(start, String(opening)).toBeGreaterThanOrEqual(0);
    let depth = 0;
    for (let i = conf.indexOf("{", start); i < conf.length; i++) {
      if (conf[i] === "{") depth++;
      if (conf[i] === "}" && --depth === 0) return conf.slice(start, i + 1);
    }
    throw new Error(`unclosed block ${String(opening)}`);
  };
  const directives = (text: string, name: string) =>
    [...text.matchAll(new RegExp(`^\\s*${name}\\s+([^;]+);`, "gm"))].map((m) => m[1]!.replace(/\s+/g, " "));

  it("is the file compose mounts", () => {
    const mount = compose.services.proxy?.volumes?.find((v) => v.includes("herald.conf"));
    expect(existsSync(path.resolve(DEPLOY, mount!.split(":")[0]!))).toBe(true);
  });

  it("upgrades WebSockets on /socket.io/ and keeps each client on one web node", () => {
    const server = block(/\bserver\s*\{/);
    const location = block(/location \/socket\.io\/\s*\{/);
    // nginx inherits proxy_set_header only when the location sets none of its own.
    const own = directives(location, "proxy_set_header");
    const headers =
      own.length > 0 ? own : directives(server.replace(/location[^{]*\{[^}]*\}/g, ""), "proxy_set_header");
    expect(headers).toContain("Upgrade $http_upgrade");
    expect(headers).toContain("Connection $connection_upgrade");
    expect(directives(block(/map \$http_upgrade \$connection_upgrade\s*\{/), "default")).toEqual(["upgrade"]);
    expect([
      ...directives(location, "proxy_http_version"),
      ...directives(server, "proxy_http_version"),
    ]).toContain("1.1");

    const upstreamName = /^http:\/\/(\w+)$/.exec(directives(location, "proxy_pass")[0] ?? "")?.[1];
    const upstream = block(new RegExp(`upstream ${upstreamName}\\s*\\{`));
    expect(/^\s*(ip_hash|hash\s+\$cookie_\w+)/m.test(upstream)).toBe(true);
  });

  it("sends to exactly the web nodes compose runs, on their port", () => {
    const port = dockerfile
      .filter((i) => i.keyword === "ENV")
      .map((i) => /\bPORT=(\d+)/.exec(i.args)?.[1])
      .find(Boolean);
    const webNodes = heraldServices.filter(([, s]) => roleOf(s) === "web").map(([name]) => `${name}:${port}`);
    for (const name of ["herald_web", "herald_socket"]) {
      const servers = directives(block(new RegExp(`upstream ${name}\\s*\\{`)), "server").map(
        (s) => s.split(" ")[0],
      );
      expect(servers.sort(), name).toEqual(webNodes.sort());
    }
  });
});

describe("dashboard and alert rules", () => {
  it("the metric-name reader finds metrics and leaves labels, functions and durations out", () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{job=~"$job", x="y z"}[5m]))) / b_total offset 1h > 1.5e9 and on (instance) up',
      ),
    ).toEqual(["a_seconds_bucket", "b_total", "up"]);
  });

  it("the dashboard is importable: its datasource is the DS_PROMETHEUS input everywhere", () => {
    expect(dashboard.__inputs).toEqual([
      expect.objectContaining({ name: "DS_PROMETHEUS", pluginId: "prometheus" }),
    ]);
    expect(panels.length).toBeGreaterThan(10);
    for (const p of panels) {
      expect(p.datasource?.uid, p.title).toBe("${DS_PROMETHEUS}");
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
    }
    for (const v of dashboard.templating.list) expect(v.datasource.uid, v.name).toBe("${DS_PROMETHEUS}");
  });

  it("every metric the dashboard queries is one Herald exports", () => {
    const queries = [
      ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: p.title, expr: t.expr }))),
      ...dashboard.templating.list.map((v) => ({
        where: `variable ${v.name}`,
        expr: /label_values\(\s*([^,)]+)/.exec(v.query.query)?.[1] ?? "",
      })),
    ];
    for (const { where, expr } of queries) {
      const names = metricNames(expr);
      expect(names.length, where).toBeGreaterThan(0);
      for (const name of names) expect(isExported(name), `${where}: ${name}`).toBe(true);
    }
  });

  it("every alert has a metric Herald exports, a for: duration, a severity and a summary", () => {
    const topics = ["herald_queue_jobs", "notification_sent_total", "herald_provider_circuit_state"];
    topics.push("nodejs_eventloop_lag_p99_seconds", "herald_database_errors_total");
    const used = new Set<string>();
    for (const rule of rules) {
      const names = metricNames(rule.expr);
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names) {
        expect(isExported(name), `${rule.alert}: ${name}`).toBe(true);
        used.add(name);
      }
      expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      expect(["warning", "critical"], rule.alert).toContain(rule.labels.severity);
      expect(rule.annotations.summary, rule.alert).toBeTruthy();
    }
    for (const topic of topics) expect(used, topic).toContain(topic);
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });
});
