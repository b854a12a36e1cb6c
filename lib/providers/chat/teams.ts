// Microsoft Teams: an incoming webhook or Power Automate workflow URL, posted an Adaptive Card.
import { errorForStatus } from "../errors";
import type { Provider, RenderedMessage } from "../types";
import { badDestination, partsOf, postJson, type ChatFetch } from "./http";
import { parseDestination } from "./destination";

export function adaptiveCard(m: RenderedMessage) {
  const p = partsOf(m);
  const body: unknown[] = [];
  if (p.title) body.push({ type: "TextBlock", text: p.title, weight: "Bolder", size: "Medium", wrap: true });
  // TextBlock renders a Markdown subset (emphasis, lists, links).
  if (p.text) body.push({ type: "TextBlock", text: p.text, wrap: true });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          ...(p.url ? { actions: [{ type: "Action.OpenUrl", title: p.linkText, url: p.url }] } : {}),
        },
      },
    ],
  };
}

export function createTeamsProvider(config: { fetch: ChatFetch }): Provider {
  return {
    name: "teams",
    channel: "chat",
    async send(m) {
      const d = parseDestination(m.to);
      if (!d.webhook_url) throw badDestination("teams", "needs webhook_url");
      const reply = await postJson("teams", config.fetch, d.webhook_url, adaptiveCard(m));
      const detail = reply.text.trim().slice(0, 200);
      if (reply.status >= 200 && reply.status < 300) {
        // A connector may answer 200 with the error it met downstream in the text.
        const inner = /HTTP error (\d{3})/.exec(detail);
        if (inner) throw errorForStatus("teams", Number(inner[1]), detail, reply.retryAfter);
        return { providerMessageId: null };
      }
      throw errorForStatus("teams", reply.status, detail, reply.retryAfter);
    },
  };
}
