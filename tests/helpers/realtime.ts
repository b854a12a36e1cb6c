// Clients for the realtime tests: Socket.IO sockets and plain WebSockets that keep what they receive.
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { WebSocket } from "ws";

/** Polls until `check` holds (events arrive asynchronously); throws after `ms`. */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A Socket.IO client over WebSocket only, without Socket.IO's reconnects (the tests reconnect). */
export function openSocket(url: string, opts: Partial<ManagerOptions & SocketOptions> = {}): Socket {
  return io(url, { transports: ["websocket"], reconnection: false, forceNew: true, ...opts });
}

/** Resolves once the socket is connected; rejects with the handshake's refusal. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err) => reject(err));
  });
}

export type Frame = Record<string, unknown>;

/** A connected plain WebSocket client with every frame it received and how it closed. */
export type PlainClient = {
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<{ code: number; reason: string }>;
  pings: () => number;
};

export function openPlain(url: string, options: WebSocket.ClientOptions = {}): Promise<PlainClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    const frames: Frame[] = [];
    let pings = 0;
    const closed = new Promise<{ code: number; reason: string }>((resolveClose) =>
      ws.on("close", (code, reason) => resolveClose({ code, reason: String(reason) })),
    );
    ws.on("message", (data) => frames.push(JSON.parse(String(data)) as Frame));
    ws.on("ping", () => (pings += 1));
    ws.on("error", reject);
    ws.on("unexpected-response", (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.on("open", () => resolve({ ws, frames, closed, pings: () => pings }));
  });
}

/** The HTTP answer to an upgrade that must be refused; rejects when it is accepted. */
export function plainRefusal(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on("open", () => {
      ws.terminate();
      reject(new Error("the upgrade was accepted"));
    });
    ws.on("error", reject);
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
    });
  });
}
