import { describe, expect, it, vi } from "vitest";

describe("the process bus", () => {
  it("is one bus even when the module is loaded twice (the server's copy and the one Next bundles)", async () => {
    const serverCopy = await import("./events");
    vi.resetModules();
    const routeCopy = await import("./events");
    expect(routeCopy).not.toBe(serverCopy); // really two module instances

    const seen: string[] = [];
    const off = serverCopy.bus().subscribe((e) => seen.push(e.name));
    routeCopy.bus().publish("unread.changed", { tenantId: "t", userId: "u", count: 0 });
    off();
    routeCopy.bus().publish("unread.changed", { tenantId: "t", userId: "u", count: 0 });
    expect(seen).toEqual(["unread.changed"]);
  });

  it("keeps delivering to other listeners when one throws", async () => {
    const { bus } = await import("./events");
    const errors: unknown[] = [];
    bus().onListenerError((err) => errors.push(err));
    const seen: string[] = [];
    const offA = bus().subscribe(() => {
      throw new Error("boom");
    });
    const offB = bus().subscribe((e) => seen.push(e.name));
    expect(() => bus().publish("health.checked", { healthy: true })).not.toThrow();
    offA();
    offB();
    expect(seen).toEqual(["health.checked"]);
    expect(errors).toHaveLength(1);
  });
});
