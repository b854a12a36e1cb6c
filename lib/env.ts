// The one place process.env is read: parsed with zod once, typed everywhere else.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { processSingleton } from "./process-singleton";

const DEFAULT_DATA_DIR = "./.data";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const port = z.coerce
  .number({ message: "expected a port number" })
  .int({ message: "expected a port number" })
  .min(1, { message: "expected a port number from 1 to 65535" })
  .max(65535, { message: "expected a port number from 1 to 65535" });

const postgresUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "";
    } catch {
      return false;
    }
  },
  { message: "expected a URL like postgres://user:pass@host:5432/db" },
);

const secret = z.string().min(32, { message: "must be at least 32 characters" });

const positiveInt = z.coerce.number({ message: "expected a whole number" }).int().positive();

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration like 72h, 30m, 3d, 45s or 500ms (a bare number is seconds), as milliseconds. */
const durationMs = z
  .string()
  .regex(/^\d+(?:\.\d+)?(?:ms|s|m|h|d)?$/, { message: "expected a duration like 72h, 30m, 3d or 45s" })
  .transform((v) => {
    const [, amount, unit] = /^([\d.]+)(ms|s|m|h|d)?$/.exec(v)!;
    return Math.round(Number(amount) * DURATION_UNITS_MS[(unit ?? "s") as keyof typeof DURATION_UNITS_MS]);
  })
  .refine((ms) => ms > 0, { message: "must be more than zero" });

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  APP_URL: z.url({ message: "expected a URL like http://localhost:3000" }).optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: positiveInt.default(10),
  PGLITE_DIR: z.string().min(1).default("./.data/pglite"),
  DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  MIGRATE_ON_START: bool.default(true),
  SEED_DEMO: bool.optional(),
  AUTH_SECRET: secret.optional(),
  APP_SECRET: secret.optional(),
  // OAuth sign-in to the console and inbox; each provider is enabled only when both of its values are set.
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  // Email domains whose provider-verified addresses may create an account at a first OAuth sign-in
  // ("*": anyone with an account at the provider); empty: OAuth signs in linked accounts only.
  AUTH_OAUTH_SIGNUP_DOMAINS: z.string().optional(),
  ADMIN_EMAIL: z.email({ message: "expected an email address" }).optional(),
  ADMIN_PASSWORD: z.string().min(8, { message: "must be at least 8 characters" }).optional(),
  HERALD_API_KEY: z.string().min(24, { message: "must be at least 24 characters" }).optional(),
  METRICS_TOKEN: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  REDIS_URL: z.url({ message: "expected a URL like redis://127.0.0.1:6379" }).optional(),
  MAX_CONNECTIONS_PER_USER: positiveInt.default(3),
  DELIVERY_CONCURRENCY: positiveInt.default(10),
  // Workflow step jobs each worker node runs at once (each its own transaction under its run's lock).
  WORKFLOW_STEP_CONCURRENCY: positiveInt.default(4),
  // A delivery job whose worker died is retried after this long (its row stays "sending" meanwhile).
  DELIVERY_JOB_EXPIRE_SECONDS: positiveInt.default(60),
  // A workflow step job whose worker died runs again after this long (its run waits meanwhile).
  WORKFLOW_STEP_JOB_EXPIRE_SECONDS: positiveInt.default(60),
  // Days a notification (and its deliveries) is kept before retention hard-deletes it, for tenants
  // without their own retention_days; unset keeps them forever.
  RETENTION_DAYS: positiveInt.max(36_500).optional(),
  // Audience users per batch when an announcement's extra channels fan out (one transaction each).
  ANNOUNCEMENT_BATCH_SIZE: positiveInt.default(500),
  // How often the queue looks for expired jobs and runs its maintenance.
  QUEUE_SUPERVISE_SECONDS: positiveInt.default(60),
  // Plain WebSocket heartbeat: ping period, and how long a client may go without a pong (under
  // common proxies' 60 s idle timeout).
  WS_PING_INTERVAL_MS: positiveInt.default(54_000),
  WS_PONG_TIMEOUT_MS: positiveInt.default(60_000),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(5000),
  // Take the client address from X-Forwarded-For (only behind a proxy you control).
  TRUST_PROXY: bool.default(false),
  // Which X-Forwarded-For hops are the operator's proxies: a count (the nearest N) or CIDRs.
  TRUSTED_PROXIES: z.string().optional(),
  RATE_LIMIT_API_PER_MIN: positiveInt.default(6000),
  // Per signed-in user (session or subscriber token) on REST, and per user on socket events.
  RATE_LIMIT_USER_PER_MIN: positiveInt.default(600),
  RATE_LIMIT_SOCKET_EVENTS_PER_MIN: positiveInt.default(300),
  // Per client address on endpoints that need no credentials.
  RATE_LIMIT_IP_PER_MIN: positiveInt.default(300),
  // Sign-in attempts per minute per account (email), and per client address over all accounts.
  RATE_LIMIT_SIGN_IN_PER_MIN: positiveInt.default(10),
  RATE_LIMIT_SIGN_IN_IP_PER_MIN: positiveInt.default(30),
  // Password hashes computed at once per process (each takes a core for tens of milliseconds).
  PASSWORD_HASH_CONCURRENCY: positiveInt.default(2),
  // Hosts (exact, or *.example.com) a tenant's integration may point a provider at.
  INTEGRATION_HOSTS_ALLOWED: z.string().optional(),
  // Web Push hosts accepted beyond the browsers' push services.
  PUSH_HOSTS_ALLOWED: z.string().optional(),
  // Hosts the guarded outbound agent may reach although they resolve to a private address.
  OUTBOUND_PRIVATE_HOSTS_ALLOWED: z.string().optional(),
  OUTBOUND_TIMEOUT_MS: positiveInt.default(5000),
  OUTBOUND_MAX_RESPONSE_BYTES: positiveInt.default(1_048_576),
  // Tenants other than "default" may use the operator's environment providers, within a daily quota.
  SHARED_PROVIDERS_FOR_TENANTS: bool.default(false),
  SHARED_PROVIDER_DAILY_LIMIT: positiveInt.default(1000),
  // A provider's circuit opens after this many provider faults in a row (per process), and lets one
  // probe through after the half-open delay (seconds; fractions allowed).
  PROVIDER_BREAKER_THRESHOLD: positiveInt.default(5),
  PROVIDER_BREAKER_HALF_OPEN_SECONDS: z.coerce
    .number({ message: "expected a number of seconds" })
    .positive()
    .default(30),
  // A delivery still queued or retrying this long after it was created (or scheduled for) fails as `expired`.
  DELIVERY_MAX_AGE: durationMs.default(72 * 3_600_000),
  // Serve /metrics without METRICS_TOKEN in production.
  METRICS_PUBLIC: bool.default(false),
  // OpenTelemetry traces go to this OTLP/HTTP endpoint (e.g. http://collector:4318); unset: off.
  // The SDK reads the other standard OTEL_* variables (headers, sampler) itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ message: "expected a URL like http://127.0.0.1:4318" }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default("herald"),
  // Hosts announcements' Markdown may load images from (none by default).
  MARKDOWN_IMAGE_HOSTS: z.string().optional(),
  RATE_LIMIT_API_STORE: z.enum(["memory", "postgres"]).default("memory"),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.url().optional(),
  // Signing secret of Resend's webhook (Svix): with it POST /api/v1/webhooks/resend is on.
  RESEND_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/, {
      message: "expected the webhook signing secret Resend shows (whsec_…)",
    })
    .optional(),
  EMAIL_FROM: z.string().optional(),
  // A mailbox the operator reads for unsubscribe mail: named in List-Unsubscribe beside the one-click link.
  LIST_UNSUBSCRIBE_MAILTO: z
    .email({ message: "expected an email address like unsubscribe@example.com" })
    .optional(),
  SMTP_URL: z.url({ message: "expected a URL like smtp://user:pass@host:587" }).optional(),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_API_BASE_URL: z.url().optional(),
  SMS_MAX_LENGTH: positiveInt.max(1600, { message: "must be at most 1600 (Twilio's limit)" }).default(1600),
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z.string().optional(),
  // Mobile push: the hosts the tenants' fcm and apns integrations send to (tests: local stubs), and a
  // certificate authority to trust for APNs besides the system's.
  FCM_API_BASE_URL: z.url().default("https://fcm.googleapis.com"),
  FCM_TOKEN_URL: z.url().default("https://oauth2.googleapis.com/token"),
  APNS_BASE_URL: z.url().optional(),
  APNS_CA_FILE: z.string().optional(),
  WECHAT_APP_ID: z.string().optional(),
  WECHAT_APP_SECRET: z.string().optional(),
  WECHAT_API_BASE_URL: z.url().default("https://api.weixin.qq.com"),
  // Chat: the Slack Web API host (the tenant's Slack bot), and per app another origin its webhook
  // URLs may name besides the app's own hosts (tests: a local stub).
  SLACK_API_BASE_URL: z.url().default("https://slack.com/api"),
  SLACK_WEBHOOK_BASE_URL: z.url().optional(),
  TEAMS_WEBHOOK_BASE_URL: z.url().optional(),
  DINGTALK_API_BASE_URL: z.url().optional(),
  WECOM_API_BASE_URL: z.url().optional(),
  FEISHU_API_BASE_URL: z.url().optional(),
});

export type Env = z.infer<typeof envSchema>;

function trustedProxiesValid(v: string): boolean {
  if (/^\d+$/.test(v.trim())) return Number(v) >= 1;
  return v.split(",").every((c) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(c.trim()));
}

/** A comma-separated list variable as trimmed, lower-cased, non-empty entries. */
export function listOf(v: string | undefined): string[] {
  return (v ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid environment: ${variable} ${reason}`);
    this.name = "EnvError";
  }
}

/** Parses a raw environment; empty strings count as unset so a copied .env.example works as is. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && v !== "") cleaned[k] = v;
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    const value = cleaned[variable];
    const shown =
      value === undefined || /SECRET|PASSWORD|KEY|TOKEN/.test(variable) ? "" : ` (got "${value}")`;
    throw new EnvError(variable, `${issue.message}${shown}`);
  }
  const env = result.data;
  // Half an OAuth pair would silently leave the provider off: say so at start instead.
  for (const [a, b] of [
    ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET"],
    ["AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET"],
  ] as const) {
    if (Boolean(env[a]) !== Boolean(env[b])) {
      const [present, missing] = env[a] ? [a, b] : [b, a];
      throw new EnvError(missing, `is required when ${present} is set`);
    }
  }
  // A ping period at or above the pong timeout would close healthy clients between two pings.
  if (env.WS_PING_INTERVAL_MS >= env.WS_PONG_TIMEOUT_MS) {
    throw new EnvError(
      "WS_PING_INTERVAL_MS",
      `must be less than WS_PONG_TIMEOUT_MS=${env.WS_PONG_TIMEOUT_MS} (got "${env.WS_PING_INTERVAL_MS}")`,
    );
  }
  if (env.NODE_ENV === "production") {
    for (const name of ["AUTH_SECRET", "APP_SECRET"] as const) {
      if (!env[name])
        throw new EnvError(
          name,
          "is required in production (32+ random characters, e.g. `openssl rand -hex 32`)",
        );
    }
    if (!env.METRICS_TOKEN && !env.METRICS_PUBLIC)
      throw new EnvError("METRICS_TOKEN", "is required in production (or set METRICS_PUBLIC=true)");
  }
  if (env.TRUSTED_PROXIES !== undefined && !trustedProxiesValid(env.TRUSTED_PROXIES))
    throw new EnvError(
      "TRUSTED_PROXIES",
      `expected a hop count or comma-separated CIDRs (got "${env.TRUSTED_PROXIES}")`,
    );
  return env;
}

type Raw = Record<string, string | undefined>;

// The parsed environment, and the values this process generated for itself outside production
// (development secrets and VAPID keys, by data directory), one of each per process: process.env is
// never written, so every module copy reads the same values through env().
const state = processSingleton(
  "env",
  (): { parsed?: Env; generated: Map<string, Record<string, string>[]> } => ({ generated: new Map() }),
);

const dataDirOf = (raw: Raw) => raw.DATA_DIR || DEFAULT_DATA_DIR;

/** `raw` with each group of generated values for its data directory whose variables it all leaves unset. */
function withGenerated(raw: Raw): Raw {
  if (raw.NODE_ENV === "production") return raw;
  const groups = state.generated.get(dataDirOf(raw)) ?? [];
  const merged = { ...raw };
  for (const group of groups) if (Object.keys(group).every((k) => !raw[k])) Object.assign(merged, group);
  return merged;
}

/** The process environment, parsed on first use. */
export function env(): Env {
  state.parsed ??= parseEnv(withGenerated(process.env));
  return state.parsed;
}

/** Forget the parsed environment and the generated values (tests that change process.env). */
export function resetEnv(): void {
  state.parsed = undefined;
  state.generated.clear();
}

/**
 * Values generated for `dataDir` that env() uses where the environment sets none of them (a group,
 * such as a key pair, counts only whole), outside production.
 */
export function supplyGeneratedEnv(dataDir: string, group: Record<string, string>): void {
  state.generated.set(dataDir, [...(state.generated.get(dataDir) ?? []), group]);
  state.parsed = undefined;
}

/**
 * Outside production, AUTH_SECRET and APP_SECRET may be absent: the values to use, generated once and
 * kept in DATA_DIR so sessions and encrypted secrets survive restarts.
 */
export function devSecrets(raw: Raw): Partial<Record<"AUTH_SECRET" | "APP_SECRET", string>> {
  if (raw.NODE_ENV === "production") return {};
  const missing = (["AUTH_SECRET", "APP_SECRET"] as const).filter((k) => !raw[k]);
  if (missing.length === 0) return {};
  const dir = dataDirOf(raw);
  const file = path.join(dir, "secrets.json");
  let stored: Record<string, string> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  let changed = false;
  const values: Partial<Record<"AUTH_SECRET" | "APP_SECRET", string>> = {};
  for (const k of missing) {
    if (!stored[k]) {
      stored[k] = randomBytes(32).toString("hex");
      changed = true;
    }
    values[k] = stored[k];
  }
  if (changed) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
  }
  return values;
}

/** Makes env() use the development secrets (see devSecrets) where the environment has none. */
export function ensureDevSecrets(): void {
  const dir = dataDirOf(process.env);
  for (const [k, v] of Object.entries(devSecrets(process.env))) supplyGeneratedEnv(dir, { [k]: v });
}

/** The public base URL of this deployment. */
export function appUrl(e: Env = env()): string {
  return (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}
