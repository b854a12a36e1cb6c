// Small pieces the provider stubs share: listening on loopback, bodies, JSON replies, programmed failures.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { AddressInfo, Server as NetServer } from "node:net";

/** Listens on 127.0.0.1 on a free port; resolves to the port. */
export async function listen(server: NetServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: Server | HttpsServer): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A programmed answer; `hang`: none at all (the request stays open until the client gives up). */
export type Failure = { status: number; body?: unknown; headers?: Record<string, string>; hang?: boolean };

/** Failures to answer with before behaving normally again: `add(failure, times)`, consumed in order. */
export class FailurePlan {
  private queue: Failure[] = [];
  add(failure: Failure, times = 1): void {
    for (let i = 0; i < times; i++) this.queue.push(failure);
  }
  next(): Failure | undefined {
    return this.queue.shift();
  }
  clear(): void {
    this.queue = [];
  }
}
