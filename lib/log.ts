import pino, { type Logger } from "pino";
import { env } from "./env";
import { processSingleton } from "./process-singleton";

// Subscriber tokens travel in query strings (/embed/inbox?token=…, Socket.IO handshakes).
const TOKEN_PARAM = /([?&](?:token|access_token)=)[^&#]*/gi;

/** A URL as it may be logged: credential query parameters replaced. */
export function redactUrl(url: unknown): unknown {
  return typeof url === "string" ? url.replace(TOKEN_PARAM, "$1[Redacted]") : url;
}

/** The process logger: JSON in production, pretty in development. */
export function logger(): Logger {
  return processSingleton("logger", () => {
    const e = env();
    const pretty = e.NODE_ENV === "development" && process.stdout.isTTY;
    return pino({
      level: e.LOG_LEVEL,
      base: { service: "herald" },
      redact: [
        "req.headers.authorization",
        "req.headers.cookie",
        "headers.authorization",
        "headers.cookie",
        "*.headers.authorization",
        "*.headers.cookie",
        "token",
        "*.token",
        "password",
        "*.password",
        "apiKey",
        "*.apiKey",
      ],
      serializers: {
        url: redactUrl,
        req: (req: Parameters<typeof pino.stdSerializers.req>[0]) => {
          const out = pino.stdSerializers.req(req);
          return { ...out, url: redactUrl(out.url) };
        },
      },
      transport: pretty
        ? { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname,service" } }
        : undefined,
    });
  });
}
