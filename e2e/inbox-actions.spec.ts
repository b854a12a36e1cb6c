// A notification's action buttons in the inbox: a url-less one is handed to the page as a
// `herald:action` event, one with a URL is recorded as an interaction and then followed.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { ADMIN, api, createUser, sendTo, signIn } from "./fixtures";
import { subscriberToken } from "./inbox-helpers";

type Interacted = { notification: { interacted_at: string | null; actions: { id: string }[] } };

test("action buttons: a url-less one raises herald:action, a url one is recorded and followed", async ({
  page,
  request,
}) => {
  const who = await createUser(request, "actions");
  const title = `Approve order ${Date.now()}`;
  const sent = await sendTo(request, [who.externalId], {
    title,
    type: "info",
    actions: [
      { id: "open", label: "View order", url: "/inbox?from=rich-action", style: "primary" },
      { id: "snooze-order", label: "Remind me later", style: "secondary" },
    ],
  });
  const id = sent.notifications![0]!.id;
  const notification = () =>
    api<Interacted>(request, "GET", `/api/v1/notifications/${id}`, undefined, {
      "X-User-Id": who.externalId,
    });

  const clickedActions = async () =>
    (
      await api<{ entries: { data: { action_id: string } }[] }>(
        request,
        "GET",
        `/api/v1/audit-log?action=notification.interacted&target_id=${id}`,
      )
    ).entries.map((e) => e.data.action_id);

  await signIn(page, who, "/inbox");
  const row = page.locator(`li[data-notification-id="${id}"]`);
  const actions = row.getByRole("group", { name: `Actions for ${title}` });
  await expect(actions.getByRole("button")).toHaveCount(2);
  expect((await notification()).notification.interacted_at).toBeNull();

  // A URL: the click is recorded (with its action), then the link is followed in this tab.
  await actions.getByRole("button", { name: "View order" }).click();
  await expect(page).toHaveURL(/\/inbox\?from=rich-action$/);
  await expect.poll(async () => (await notification()).notification.interacted_at).not.toBeNull();
  await expect.poll(clickedActions).toEqual(["open"]);

  // No URL: the page hears of it as a herald:action event and stays where it is.
  await page.evaluate(() => {
    const seen: unknown[] = [];
    (window as unknown as { heraldActions: unknown[] }).heraldActions = seen;
    window.addEventListener("herald:action", (e) => {
      const { notification, action } = (e as CustomEvent<{ notification: { id: string }; action: unknown }>)
        .detail;
      seen.push({ notification_id: notification.id, action });
    });
  });
  await actions.getByRole("button", { name: "Remind me later" }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { heraldActions: unknown[] }).heraldActions))
    .toEqual([
      {
        notification_id: id,
        action: { id: "snooze-order", label: "Remind me later", url: null, style: "secondary" },
      },
    ]);
  await expect(page).toHaveURL(/\/inbox\?from=rich-action$/);
  await expect.poll(async () => (await clickedActions()).sort()).toEqual(["open", "snooze-order"]);
});

test("in the embed, a url-less action reaches the host page as herald:action", async ({
  page,
  request,
  baseURL,
}) => {
  const who = await createUser(request, "embed-actions");
  const token = await subscriberToken(request, who);
  const title = `Invitation ${Date.now()}`;
  await sendTo(request, [who.externalId], {
    title,
    type: "info",
    actions: [{ id: "accept", label: "Accept", style: "primary" }],
  });
  // The host app: another origin on this machine, listening on the element and through onAction.
  const shop = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" })
      .end(`<!doctype html><html><body><div id="inbox"></div><ol id="heard"></ol>
        <script src="${baseURL}/herald-embed.js"></script>
        <script>
          const heard = (how) => (d) => {
            const li = document.createElement("li");
            li.textContent = how + ":" + d.action.id + ":" + d.notification.title;
            document.getElementById("heard").append(li);
          };
          HeraldEmbed.mount("#inbox", { token: ${JSON.stringify(token)}, view: "inbox", onAction: heard("option") });
          document.getElementById("inbox").addEventListener("herald:action", (e) => heard("event")(e.detail));
        </script></body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, "127.0.0.1", resolve));
  const shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
  await api(request, "PUT", "/api/v1/tenant/settings", { embed_origins: [shopOrigin] });
  await page.goto(`${shopOrigin}/account`);
  const frame = page.frameLocator('iframe[title="Notification inbox"]');
  await frame
    .getByRole("group", { name: `Actions for ${title}` })
    .getByRole("button", { name: "Accept" })
    .click();
  await expect(page.locator("#heard li")).toHaveText([`option:accept:${title}`, `event:accept:${title}`]);
  shop.close();
});

test("the console's notification drawer shows its actions and each click on one", async ({
  page,
  request,
}) => {
  const who = await createUser(request, "console-actions");
  const title = `Refund ${Date.now()}`;
  const sent = await sendTo(request, [who.externalId], {
    title,
    type: "info",
    actions: [{ id: "approve", label: "Approve", url: "/refunds/9", style: "primary" }],
  });
  const id = sent.notifications![0]!.id;
  await api(
    request,
    "PUT",
    `/api/v1/notifications/${id}/interacted`,
    { action_id: "approve" },
    {
      "X-User-Id": who.externalId,
    },
  );

  await signIn(page, ADMIN, "/admin/logs");
  await page.getByRole("row", { name: `${title} to ${who.externalId}` }).click();
  const drawer = page.getByRole("dialog", { name: "Notification details" });
  await expect(drawer).toContainText("Approve (approve → /refunds/9)");
  const timeline = drawer.getByRole("region", { name: "Timeline" });
  await expect(timeline).toContainText("First interaction");
  await expect(timeline).toContainText("Action clicked: approve");
});
