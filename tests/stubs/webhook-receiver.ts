// A local webhook receiver (node:http): records every request, answers programmed statuses first.
import { createServer, type IncomingHttpHeaders } from "node:http";
import { closeServer, listen, readBody } from "./http";

export type ReceivedWebhook = { path: string; headers: IncomingHttpHeaders; body: string };

export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  /** Statuses to answer next, in order; then 204 (or `always` when set). */
  const plan: number[] = [];
  let always: number | undefined;
  let delayMs = 0;
  const server = createServer(async (req, res) => {
    const body = (await readBody(req)).toString("utf8");
    received.push({ path: req.url ?? "/", headers: req.headers, body });
    const status = plan.shift() ?? always ?? 204;
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    res
      .writeHead(status, { "content-type": "text/plain" })
      .end(status >= 300 ? `refused with ${status}` : "");
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    plan,
    setAlways: (status: number | undefined) => void (always = status),
    /** Answers only after this long (a slow receiver). */
    setDelay: (ms: number) => void (delayMs = ms),
    /** Requests to `path` (each endpoint registers its own path). */
    to: (path: string) => received.filter((r) => r.path === path),
    close: () => closeServer(server),
  };
}
