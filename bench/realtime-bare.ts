// The physical reference of bench/realtime.ts: a bare Socket.IO server in its own process. A client
// names its user in the handshake (no authentication) and joins that user's room; `POST /emit` with
// the same body as Herald's `POST /api/v1/notifications` emits a notification-shaped message to the
// room of `user_ids[0]` (no database). Prints `{"port":…}` on stdout once listening.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { Server } from "socket.io";

const http = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/emit") {
    res.writeHead(404).end();
    return;
  }
  let raw = "";
  req.setEncoding("utf8");
  req.on("data", (c) => (raw += c));
  req.on("end", () => {
    const body = JSON.parse(raw) as {
      user_ids: string[];
      title: string;
      content: string;
      type: string;
      metadata: Record<string, unknown>;
    };
    const user = body.user_ids[0]!;
    const at = new Date().toISOString();
    // The same fields as Herald's notification JSON, so the frames are of the same size.
    io.to(`user:${user}`).emit("notification:new", {
      id: randomUUID(),
      seq: 1,
      change_seq: 1,
      user_id: user,
      tenant_id: randomUUID(),
      title: body.title,
      content: body.content,
      type: body.type,
      priority: "normal",
      status: "sent",
      channels: ["app"],
      metadata: body.metadata,
      template_code: null,
      batch_id: randomUUID(),
      created_at: at,
      scheduled_at: null,
      sent_at: at,
      read_at: null,
      seen_at: null,
      recalled_at: null,
    });
    res.writeHead(200, { "content-type": "application/json" }).end('{"code":200}');
  });
});

// The same engine settings as Herald's gateway (server/realtime/index.ts).
const io = new Server(http, {
  serveClient: false,
  perMessageDeflate: false,
  maxHttpBufferSize: 64 * 1024,
  pingInterval: 25_000,
  pingTimeout: 20_000,
});
io.on("connection", (socket) => {
  const user = (socket.handshake.auth as { user?: unknown }).user;
  if (typeof user === "string") void socket.join(`user:${user}`);
});

http.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: (http.address() as { port: number }).port }) + "\n");
});
process.on("SIGTERM", () => {
  io.close();
  process.exit(0);
});
