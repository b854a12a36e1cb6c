// Socket.IO on the Herald HTTP server. The authenticated gateway (rooms, replay, caps) builds on this.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { connectionClosed, connectionOpened } from "@/lib/realtime/connections";

const g = globalThis as unknown as { __heraldIo?: Server };

export function attachRealtime(httpServer: HttpServer, allowedOrigins: string[]): Server {
  const io = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    perMessageDeflate: false,
    pingInterval: 25_000,
    pingTimeout: 20_000,
    // Leave other upgrade requests (Next.js dev HMR, the plain WebSocket endpoint) alone.
    destroyUpgrade: false,
    cors: { origin: allowedOrigins, credentials: true },
  });
  // No caller is authenticated until the gateway's handshake auth lands: refuse every handshake.
  io.use((_socket, next) => next(new Error("Unauthorized")));
  io.on("connection", (socket) => {
    connectionOpened();
    socket.on("disconnect", () => connectionClosed());
  });
  g.__heraldIo = io;
  return io;
}

export function getIo(): Server | undefined {
  return g.__heraldIo;
}
