import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { devSecrets, ensureDevSecrets, env, EnvError, parseEnv, resetEnv } from "./env";

describe("parseEnv", () => {
  it("applies defaults for an empty environment", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      PGLITE_DIR: "./.data/pglite",
      MIGRATE_ON_START: true,
    });
    expect(e.DATABASE_URL).toBeUndefined();
  });

  it("reads DELIVERY_MAX_AGE as a duration (72h by default; a bare number is seconds)", () => {
    expect(parseEnv({}).DELIVERY_MAX_AGE).toBe(72 * 3_600_000);
    expect(parseEnv({ DELIVERY_MAX_AGE: "3d" }).DELIVERY_MAX_AGE).toBe(3 * 86_400_000);
    expect(parseEnv({ DELIVERY_MAX_AGE: "30m" }).DELIVERY_MAX_AGE).toBe(1_800_000);
    expect(parseEnv({ DELIVERY_MAX_AGE: "90" }).DELIVERY_MAX_AGE).toBe(90_000);
    expect(parseEnv({ DELIVERY_MAX_AGE: "250ms" }).DELIVERY_MAX_AGE).toBe(250);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "0"],
    ["DATABASE_URL", "nonsense"],
    ["DATABASE_URL", "mysql://localhost/x"],
    ["APP_URL", "not a url"],
    ["ADMIN_EMAIL", "root"],
    ["ADMIN_PASSWORD", "short"],
    ["MAX_CONNECTIONS_PER_USER", "-1"],
    ["DELIVERY_MAX_AGE", "3 days"],
    ["DELIVERY_MAX_AGE", "0h"],
    ["PROVIDER_BREAKER_HALF_OPEN_SECONDS", "0"],
  ])("%s=%s is refused naming the variable", (name, value) => {
    try {
      parseEnv({ [name]: value });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      expect((err as EnvError).variable).toBe(name);
      expect((err as Error).message).toMatch(new RegExp(`^Invalid environment: ${name} `));
    }
  });

  it("never echoes a secret's value", () => {
    expect(() => parseEnv({ HERALD_API_KEY: "hk_short" })).toThrow(
      /HERALD_API_KEY must be at least 24 characters$/,
    );
  });

  it("requires AUTH_SECRET and APP_SECRET in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production", APP_SECRET: "x".repeat(32) })).toThrow(
      /AUTH_SECRET is required/,
    );
    const secrets = { NODE_ENV: "production", AUTH_SECRET: "a".repeat(32), APP_SECRET: "b".repeat(32) };
    const ok = parseEnv({ ...secrets, METRICS_TOKEN: "m" });
    expect(ok.NODE_ENV).toBe("production");
  });

  it("refuses an open /metrics in production unless METRICS_PUBLIC says so", () => {
    const secrets = { NODE_ENV: "production", AUTH_SECRET: "a".repeat(32), APP_SECRET: "b".repeat(32) };
    expect(() => parseEnv(secrets)).toThrow(/^Invalid environment: METRICS_TOKEN is required in production/);
    expect(parseEnv({ ...secrets, METRICS_PUBLIC: "true" }).METRICS_PUBLIC).toBe(true);
    expect(parseEnv({ NODE_ENV: "development" }).METRICS_TOKEN).toBeUndefined();
  });

  it("takes TRUSTED_PROXIES as a hop count or CIDRs, and nothing else", () => {
    expect(parseEnv({ TRUSTED_PROXIES: "2" }).TRUSTED_PROXIES).toBe("2");
    expect(parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8, fd00::/8" }).TRUSTED_PROXIES).toBe(
      "10.0.0.0/8, fd00::/8",
    );
    expect(() => parseEnv({ TRUSTED_PROXIES: "0" })).toThrow(/TRUSTED_PROXIES expected a hop count/);
    expect(() => parseEnv({ TRUSTED_PROXIES: "proxy.local" })).toThrow(/TRUSTED_PROXIES/);
  });

  it("refuses half an OAuth pair, naming the missing half", () => {
    expect(() => parseEnv({ AUTH_GITHUB_ID: "id" })).toThrow(
      /^Invalid environment: AUTH_GITHUB_SECRET is required when AUTH_GITHUB_ID is set$/,
    );
    expect(() => parseEnv({ AUTH_GOOGLE_SECRET: "secret" })).toThrow(/AUTH_GOOGLE_ID is required/);
    expect(parseEnv({ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "secret" }).AUTH_GITHUB_ID).toBe("id");
  });

  it("accepts postgres URLs in both spellings", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/herald" }).DATABASE_URL).toContain("db:5432");
    expect(parseEnv({ DATABASE_URL: "postgres://127.0.0.1/herald" }).DATABASE_URL).toContain("127.0.0.1");
  });
});

describe("development secrets", () => {
  it("are generated once and reused on the next start", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "herald-env-"));
    try {
      const first = devSecrets({ DATA_DIR: dir });
      expect(first.AUTH_SECRET).toMatch(/^[0-9a-f]{64}$/);
      expect(first.APP_SECRET).toMatch(/^[0-9a-f]{64}$/);
      expect(devSecrets({ DATA_DIR: dir })).toEqual(first);
      expect(JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8")).AUTH_SECRET).toBe(
        first.AUTH_SECRET,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reach env() without being written to process.env", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "herald-env-"));
    const saved = { ...process.env };
    try {
      process.env.DATA_DIR = dir;
      delete process.env.AUTH_SECRET;
      delete process.env.APP_SECRET;
      resetEnv();
      ensureDevSecrets();
      expect(env().AUTH_SECRET).toBe(devSecrets({ DATA_DIR: dir }).AUTH_SECRET);
      expect(env().APP_SECRET).toMatch(/^[0-9a-f]{64}$/);
      expect(process.env.AUTH_SECRET).toBeUndefined();
    } finally {
      for (const k of ["DATA_DIR", "AUTH_SECRET", "APP_SECRET"]) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      resetEnv();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leave production alone: secrets there must be given", () => {
    expect(devSecrets({ NODE_ENV: "production", DATA_DIR: "/nonexistent" })).toEqual({});
  });
});
