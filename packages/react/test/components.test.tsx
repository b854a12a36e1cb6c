// The components as a user meets them: the bell's badge and popover, the inbox's rows, actions and
// pages, the render props, the preferences form and the token refresher, over the REST API stub.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import {
  Bell,
  HeraldProvider,
  Inbox,
  Preferences,
  Toasts,
  useHerald,
  useNotificationActions,
  useUnreadCount,
} from "../src/index.ts";
import { createApiStub, makeNotification } from "./api-stub.ts";

afterEach(cleanup);

const BASE = "https://herald.test";

function mount(
  ui: React.ReactNode,
  stub: ReturnType<typeof createApiStub>,
  props: { pageSize?: number } = {},
) {
  return render(
    <HeraldProvider baseUrl={BASE} token="token-1" live={false} fetch={stub.fetch} {...props}>
      {ui}
    </HeraldProvider>,
  );
}

describe("<Bell />", () => {
  it("shows the unread count and opens the inbox with the notifications", async () => {
    const stub = createApiStub([makeNotification("Deploy finished"), makeNotification("New comment")]);
    mount(<Bell />, stub);
    const bell = await screen.findByRole("button", { name: "Notifications, 2 unread" });
    expect(within(bell).getByTestId("herald-badge").textContent).toBe("2");

    fireEvent.click(bell);
    const popover = screen.getByRole("dialog", { name: "Notifications" });
    const rows = within(popover).getAllByRole("listitem");
    expect(rows.map((row) => row.getAttribute("aria-label"))).toEqual(["New comment", "Deploy finished"]);

    fireEvent.keyDown(document, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("takes a badge of the host's own", async () => {
    const stub = createApiStub([makeNotification("One")]);
    mount(<Bell renderBadge={(count) => <b data-testid="mine">{count} new</b>} />, stub);
    expect((await screen.findByTestId("mine")).textContent).toBe("1 new");
  });
});

describe("<Inbox />", () => {
  it("marks read and unread, deletes, and marks all read, updating the count", async () => {
    const first = makeNotification("First");
    const stub = createApiStub([first, makeNotification("Second")]);
    function Count() {
      return <output aria-label="count">{useUnreadCount()}</output>;
    }
    mount(
      <>
        <Count />
        <Inbox />
      </>,
      stub,
    );
    const row = await screen.findByRole("listitem", { name: "First" });
    fireEvent.click(within(row).getByRole("button", { name: "Mark read" }));
    await waitFor(() => expect(screen.getByLabelText("count").textContent).toBe("1"));
    expect(within(row).getByRole("button", { name: "Mark unread" })).toBeTruthy();
    expect(row.hasAttribute("data-unread")).toBe(false);

    fireEvent.click(within(row).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.queryByRole("listitem", { name: "First" })).toBeNull());
    expect(stub.rows.map((n) => n.title)).toEqual(["Second"]);

    fireEvent.click(screen.getByRole("button", { name: "Mark all read" }));
    await waitFor(() => expect(screen.getByLabelText("count").textContent).toBe("0"));
    expect(screen.getByRole("button", { name: "Mark all read" }).hasAttribute("disabled")).toBe(true);
  });

  it("shows a notification's action buttons; a url-less one is recorded and handed to onAction", async () => {
    const order = makeNotification("Order 7", {
      actions: [
        { id: "approve", label: "Approve", url: null, style: "primary" },
        { id: "open", label: "Open", url: "javascript:alert(1)", style: "secondary" },
      ],
    });
    const stub = createApiStub([order]);
    const heard: string[] = [];
    mount(<Inbox onAction={(n, action) => heard.push(`${n.title}:${action.id}`)} />, stub);
    const row = await screen.findByRole("listitem", { name: "Order 7" });
    const group = within(row).getByRole("group", { name: "Actions for Order 7" });
    fireEvent.click(within(group).getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(stub.interactions).toEqual([{ id: order.id, action_id: "approve" }]));
    expect(heard).toEqual(["Order 7:approve"]);
    // An unsafe URL is recorded as clicked but neither followed nor handed over.
    fireEvent.click(within(group).getByRole("button", { name: "Open" }));
    await waitFor(() => expect(stub.interactions).toHaveLength(2));
    expect(heard).toEqual(["Order 7:approve"]);
  });

  it("archives, unarchives and snoozes through the actions hook: each leaves or rejoins the list and the count", async () => {
    const first = makeNotification("First");
    const second = makeNotification("Second");
    const stub = createApiStub([first, second]);
    function Controls() {
      const actions = useNotificationActions();
      const later = new Date(Date.now() + 3_600_000);
      return (
        <>
          <output aria-label="count">{useUnreadCount()}</output>
          <button onClick={() => void actions.archive(first.id)}>archive first</button>
          <button onClick={() => void actions.unarchive(first.id)}>unarchive first</button>
          <button onClick={() => void actions.snooze(second.id, later)}>snooze second</button>
        </>
      );
    }
    mount(
      <>
        <Controls />
        <Inbox />
      </>,
      stub,
    );
    await screen.findByRole("listitem", { name: "First" });
    await waitFor(() => expect(screen.getByLabelText("count").textContent).toBe("2"));

    fireEvent.click(screen.getByRole("button", { name: "archive first" }));
    await waitFor(() => expect(screen.queryByRole("listitem", { name: "First" })).toBeNull());
    await waitFor(() => expect(screen.getByLabelText("count").textContent).toBe("1"));
    expect(stub.rows.find((n) => n.id === first.id)!.archived_at).not.toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "unarchive first" }));
    await screen.findByRole("listitem", { name: "First" });
    await waitFor(() => expect(screen.getByLabelText("count").textContent).toBe("2"));

    fireEvent.click(screen.getByRole("button", { name: "snooze second" }));
    await waitFor(() => expect(screen.queryByRole("listitem", { name: "Second" })).toBeNull());
    await waitFor(() => expect(screen.getByLabelText("count").textContent).toBe("1"));
    expect(stub.rows.find((n) => n.id === second.id)!.snoozed_until).not.toBeNull();
    expect(stub.calls).toContain(`PUT /api/v1/notifications/${second.id}/snooze`);
  });

  it("pages with the cursor until the last page", async () => {
    const stub = createApiStub(["A", "B", "C", "D", "E"].map((t) => makeNotification(t)));
    mount(<Inbox />, stub, { pageSize: 2 });
    await screen.findByRole("listitem", { name: "E" });
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    await screen.findByRole("listitem", { name: "C" });
    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    await screen.findByRole("listitem", { name: "A" });
    expect(screen.getAllByRole("listitem").map((li) => li.getAttribute("aria-label"))).toEqual([
      "E",
      "D",
      "C",
      "B",
      "A",
    ]);
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
    expect(stub.calls.filter((c) => c.startsWith("GET /api/v1/notifications?"))).toEqual([
      "GET /api/v1/notifications?page_size=2&cursor=",
      "GET /api/v1/notifications?page_size=2&cursor=2",
      "GET /api/v1/notifications?page_size=2&cursor=4",
    ]);
  });

  it("renders rows through renderNotification and says when there are none", async () => {
    const stub = createApiStub([makeNotification("Custom")]);
    mount(
      <Inbox
        renderNotification={(n, actions) => (
          <button type="button" onClick={() => void actions.remove(n.id)}>
            Remove {n.title}
          </button>
        )}
      />,
      stub,
    );
    fireEvent.click(await screen.findByRole("button", { name: "Remove Custom" }));
    expect(await screen.findByText("You have no notifications.")).toBeTruthy();
  });

  it("clicking a row marks it read and tells the host", async () => {
    const stub = createApiStub([makeNotification("Open me")]);
    const opened: string[] = [];
    mount(<Inbox onNotificationClick={(n) => opened.push(n.title)} />, stub);
    const row = await screen.findByRole("listitem", { name: "Open me" });
    fireEvent.click(within(row).getByText("Open me"));
    await waitFor(() => expect(stub.rows[0]!.read_at).not.toBeNull());
    expect(opened).toEqual(["Open me"]);
  });
});

describe("tokens", () => {
  it("asks the refresher again when the API refuses an expired token", async () => {
    const stub = createApiStub([makeNotification("After refresh")], { tokens: ["token-1"] });
    const issued = ["token-1", "token-2"];
    let asked = 0;
    const getToken = async () => issued[Math.min(asked++, 1)]!;
    render(
      <HeraldProvider baseUrl={BASE} getToken={getToken} live={false} fetch={stub.fetch}>
        <Inbox />
      </HeraldProvider>,
    );
    await screen.findByRole("listitem", { name: "After refresh" });
    stub.revoke("token-1");
    stub.accept("token-2");
    const row = screen.getByRole("listitem", { name: "After refresh" });
    await act(async () => fireEvent.click(within(row).getByRole("button", { name: "Mark read" })));
    await waitFor(() => expect(stub.rows[0]!.read_at).not.toBeNull());
    expect(asked).toBe(2);
  });
});

describe("<Preferences />", () => {
  it("turns a channel off and mutes", async () => {
    const stub = createApiStub([]);
    mount(<Preferences />, stub);
    const email = await screen.findByRole("checkbox", { name: "Email" });
    expect((email as HTMLInputElement).checked).toBe(true);
    fireEvent.click(email);
    await waitFor(() =>
      expect((screen.getByRole("checkbox", { name: "Email" }) as HTMLInputElement).checked).toBe(false),
    );
    fireEvent.click(screen.getByRole("button", { name: "Mute for 8 hours" }));
    expect(await screen.findByRole("button", { name: "Unmute" })).toBeTruthy();
    expect(stub.calls.filter((c) => c === "PUT /api/v1/preferences")).toHaveLength(2);
  });
});

describe("<Toasts /> and live events", () => {
  it("toasts a notification arriving live, adds it to the list and the count, and not an old one replayed", async () => {
    const stub = createApiStub([makeNotification("Already there")]);
    let receive: ReturnType<typeof useHerald>["receive"] | undefined;
    function Feed() {
      receive = useHerald().receive;
      return null;
    }
    mount(
      <>
        <Feed />
        <Bell />
        <Inbox />
        <Toasts durationMs={0} />
      </>,
      stub,
    );
    await screen.findByRole("listitem", { name: "Already there" });
    const old = makeNotification("Replayed", { created_at: "2020-01-01T00:00:00.000Z" });
    const fresh = makeNotification("Just sent");
    act(() => {
      receive!({ type: "notification:new", notification: old });
      receive!({ type: "notification:new", notification: fresh });
      receive!({ type: "unread:count", count: 3 });
    });
    const toasts = screen.getByRole("status");
    expect(within(toasts).getByText("Just sent")).toBeTruthy();
    expect(within(toasts).queryByText("Replayed")).toBeNull();
    expect(screen.getByRole("button", { name: "Notifications, 3 unread" })).toBeTruthy();
    expect(screen.getAllByRole("listitem").map((li) => li.getAttribute("aria-label"))).toEqual([
      "Just sent",
      "Replayed",
      "Already there",
    ]);
    fireEvent.click(within(toasts).getByRole("button", { name: "Dismiss" }));
    expect(within(toasts).queryByText("Just sent")).toBeNull();
  });
});
