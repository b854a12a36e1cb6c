import pino, { type Logger } from "pino";
import { env } from "./env";

const g = globalThis as unknown as { __heraldLogger?: Logger };

/** The process logger: JSON in production, pretty in development. */
export function logger(): Logger {
  if (!g.__heraldLogger) {
    const e = env();
    const pretty = e.NODE_ENV === "development" && process.stdout.isTTY;
    g.__heraldLogger = pino({
      level: e.LOG_LEVEL,
      base: { service: "herald" },
      redact: [
        "req.headers.authorization",
        "req.headers.cookie",
        "password",
        "*.password",
        "apiKey",
        "*.apiKey",
      ],
      transport: pretty
        ? { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname,service" } }
        : undefined,
    });
  }
  return g.__heraldLogger;
}
