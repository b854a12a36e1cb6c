// The elements as a host page meets them: the bell's badge and popover, the inbox's rows, and the
// `herald-action` event for every click (cancel it to handle the action yourself), over the REST
// API stub @herald/react's tests use.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApiStub, makeNotification } from "../../react/test/api-stub.ts";
import "../src/index.ts";
import type { HeraldActionDetail } from "../src/index.ts";

afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

function place(html: string, stub: ReturnType<typeof createApiStub>) {
  vi.stubGlobal("fetch", (input: Request) => stub.fetch(input));
  document.body.innerHTML = html;
  return document.body.firstElementChild as HTMLElement;
}

const shadow = (el: Element) => el.shadowRoot!;
const buttonNamed = (root: ParentNode, name: string) =>
  [...root.querySelectorAll("button")].find((b) => (b.getAttribute("aria-label") ?? b.textContent) === name);

describe("<herald-bell>", () => {
  it("shows the unread count and opens the list in its popover", async () => {
    const stub = createApiStub([makeNotification("Build green"), makeNotification("Review asked")]);
    const bell = place(
      `<herald-bell base-url="https://herald.test" token="token-1" live="false"></herald-bell>`,
      stub,
    );
    await vi.waitFor(() => expect(shadow(bell).querySelector(".badge")?.textContent).toBe("2"));
    const button = buttonNamed(shadow(bell), "Notifications, 2 unread")!;
    button.click();
    const popover = shadow(bell).querySelector<HTMLElement>("[role=dialog]")!;
    expect(popover.hidden).toBe(false);
    expect([...popover.querySelectorAll("li")].map((li) => li.getAttribute("aria-label"))).toEqual([
      "Review asked",
      "Build green",
    ]);
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(popover.hidden).toBe(true);
  });
});

describe("<herald-inbox>", () => {
  it("dispatches herald-action for a click and marks read unless the page cancels", async () => {
    const first = makeNotification("First");
    const stub = createApiStub([first, makeNotification("Second")]);
    const inbox = place(
      `<herald-inbox base-url="https://herald.test" token="token-1" live="false"></herald-inbox>`,
      stub,
    );
    const seen: HeraldActionDetail[] = [];
    document.body.addEventListener("herald-action", (event) => {
      seen.push(event.detail);
      if (event.detail.action === "delete") event.preventDefault();
    });
    const row = () => shadow(inbox).querySelector<HTMLElement>(`li[aria-label="First"]`)!;
    await vi.waitFor(() => expect(row()).toBeTruthy());

    buttonNamed(row(), "Mark read")!.click();
    await vi.waitFor(() => expect(row().hasAttribute("data-unread")).toBe(false));
    expect(stub.rows.find((n) => n.id === first.id)!.read_at).not.toBeNull();

    buttonNamed(row(), "Delete")!.click();
    expect(seen.map((d) => [d.action, d.notification?.title])).toEqual([
      ["read", "First"],
      ["delete", "First"],
    ]);
    // Cancelled: the page handles the delete itself, Herald leaves the row alone.
    expect(stub.calls.some((c) => c.startsWith("DELETE"))).toBe(false);
    expect(row()).toBeTruthy();
  });

  it("draws a notification's action buttons; a click is recorded and dispatched as herald-action", async () => {
    const order = makeNotification("Order 7", {
      actions: [{ id: "approve", label: "Approve", url: null, style: "primary" }],
    });
    const stub = createApiStub([order]);
    const inbox = place(
      `<herald-inbox base-url="https://herald.test" token="token-1" live="false"></herald-inbox>`,
      stub,
    );
    const seen: { event: CustomEvent<HeraldActionDetail>; composed: boolean }[] = [];
    document.body.addEventListener("herald-action", (event) =>
      seen.push({ event, composed: event.composed }),
    );
    const group = () =>
      shadow(inbox).querySelector<HTMLElement>(`[role=group][aria-label="Actions for Order 7"]`);
    await vi.waitFor(() => expect(group()).toBeTruthy());
    buttonNamed(group()!, "Approve")!.click();
    await vi.waitFor(() => expect(stub.interactions).toEqual([{ id: order.id, action_id: "approve" }]));
    expect(
      seen.map(({ event, composed }) => [event.detail.action, event.detail.button?.id, composed]),
    ).toEqual([["button", "approve", true]]);
  });

  it("draws notification text as text, never markup", async () => {
    const stub = createApiStub([makeNotification(`<img src=x onerror="alert(1)">`)]);
    const inbox = place(
      `<herald-inbox base-url="https://herald.test" token="token-1" live="false"></herald-inbox>`,
      stub,
    );
    await vi.waitFor(() => expect(shadow(inbox).querySelector(".item-title")).toBeTruthy());
    expect(shadow(inbox).querySelector("img")).toBeNull();
    expect(shadow(inbox).querySelector(".item-title")!.textContent).toContain("<img");
  });
});
