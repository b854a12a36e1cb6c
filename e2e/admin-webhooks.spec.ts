// The console's outbound webhooks: a refused URL is named at its field; an endpoint pointing at a
// receiver started here shows its secret once; a test event arrives signed (checked with the
// standardwebhooks library) and shows as a 200 attempt; a replay arrives under the same webhook-id;
// the secret rotates; the endpoint is disabled.
import type { IncomingHttpHeaders } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { ADMIN, signIn } from "./fixtures";
import { webhookTls } from "./webhook-tls";

type Received = { path: string; headers: Record<string, string>; body: string };

const flat = (h: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));

async function startReceiver() {
  const received: Received[] = [];
  const server = createServer(webhookTls(), (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        path: req.url ?? "/",
        headers: flat(req.headers),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test("an endpoint is added, tested, replayed, rotated and disabled", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    const url = `${receiver.url}/hooks/e2e-${Date.now().toString(36)}`;
    await signIn(page, ADMIN, "/admin");
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();

    // The API's refusals, each under the URL field; nothing is created.
    const urlField = page.getByLabel("Endpoint URL");
    await urlField.fill("http://example.com/hooks");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("must be an https URL")).toBeVisible();
    await urlField.fill("https://10.20.30.40/hooks");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText(/resolves to a private, loopback or metadata address/)).toBeVisible();
    await expect(urlField).toHaveAttribute("aria-invalid", "true");

    await urlField.fill(url);
    await page.getByLabel("Every event type, including ones Herald adds later").uncheck();
    await page.getByRole("checkbox", { name: "notification.created" }).check();
    await page.getByRole("checkbox", { name: "delivery.failed" }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();

    // The secret, this once.
    const dialog = page.getByRole("dialog", { name: "Your endpoint's signing secret" });
    const secretField = dialog.getByLabel(`Signing secret for ${url}`);
    await expect(secretField).toHaveValue(/^whsec_/);
    const secret = await secretField.inputValue();
    await dialog.getByRole("button", { name: "I have stored it" }).click();
    await expect(dialog).toBeHidden();
    expect(await page.content()).not.toContain(secret);

    const row = page.getByRole("row").filter({ hasText: url });
    await expect(row).toContainText("enabled");
    await expect(row).toContainText("notification.created");
    await expect(row).toContainText("delivery.failed");

    await row.getByRole("button", { name: `Send test event to ${url}` }).click();
    await expect(page.getByText(/Test event queued/)).toBeVisible();

    await row.getByRole("link", { name: url }).click();
    await expect(page.getByRole("heading", { name: "Webhook endpoint", level: 1 })).toBeVisible();
    const attempts = page.getByRole("table", { name: "Delivery attempts" });
    const first = attempts.getByRole("row").filter({ hasText: "webhook.test" });
    await expect(first).toHaveCount(1, { timeout: 15_000 });
    await expect(first).toContainText("200");

    // What arrived is signed with the secret shown once, under the webhook-id the console shows.
    await expect.poll(() => receiver.received.length).toBe(1);
    const [test1] = receiver.received;
    const event = new Webhook(secret).verify(test1!.body, test1!.headers) as { type: string };
    expect(event.type).toBe("webhook.test");
    const webhookId = test1!.headers["webhook-id"]!;
    expect(webhookId).toMatch(/^msg_/);
    await expect(first).toContainText(webhookId);

    await first.getByRole("button", { name: `Replay ${webhookId} (attempt 1)` }).click();
    await expect(attempts.getByRole("row").filter({ hasText: webhookId })).toHaveCount(2, {
      timeout: 15_000,
    });
    await expect.poll(() => receiver.received.length).toBe(2);
    const replayed = receiver.received[1]!;
    expect(replayed.headers["webhook-id"]).toBe(webhookId);
    expect(new Webhook(secret).verify(replayed.body, replayed.headers)).toEqual(event);

    // A rotation shows the new secret once; the old one keeps signing for a day.
    await page.getByRole("button", { name: `Rotate secret of ${url}` }).click();
    await page
      .getByRole("dialog", { name: "Rotate the signing secret?" })
      .getByRole("button", { name: "Rotate secret" })
      .click();
    const rotated = page.getByRole("dialog", { name: "The new signing secret" });
    await expect(rotated.getByLabel(`Signing secret for ${url}`)).toHaveValue(/^whsec_/);
    expect(await rotated.getByLabel(`Signing secret for ${url}`).inputValue()).not.toBe(secret);
    await rotated.getByRole("button", { name: "I have stored it" }).click();
    await expect(page.getByText(/still signs until/)).toBeVisible();

    await page.getByRole("button", { name: `Disable ${url}` }).click();
    await expect(page.getByRole("button", { name: `Enable ${url}` })).toBeVisible();
    await expect(page.getByRole("button", { name: `Send test event to ${url}` })).toBeDisabled();
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("row").filter({ hasText: url })).toContainText("disabled");
  } finally {
    await receiver.close();
  }
});
