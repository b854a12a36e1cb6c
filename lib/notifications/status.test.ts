import { describe, expect, it } from "vitest";
import { notificationStatuses, type NotificationStatus } from "../db/schema";
import { DomainError } from "../errors";
import { assertTransition, canTransition, isVisible, settleSourcesOf, sourcesOf } from "./status";

const legal: [NotificationStatus, NotificationStatus][] = [
  ["pending", "processing"],
  ["pending", "sent"],
  ["pending", "failed"],
  ["pending", "recalled"],
  ["pending", "cancelled"],
  ["processing", "sent"],
  ["processing", "failed"],
  ["processing", "recalled"],
  ["sent", "recalled"],
  ["failed", "sent"],
  ["failed", "recalled"],
];

describe("notification status machine", () => {
  const all = notificationStatuses.flatMap((from) => notificationStatuses.map((to) => [from, to] as const));

  it.each(all)("%s → %s", (from, to) => {
    const expected = legal.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(expected);
    if (expected) expect(() => assertTransition(from, to)).not.toThrow();
    else {
      try {
        assertTransition(from, to);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).code).toBe("conflict");
      }
    }
  });

  it("recalled and cancelled are final", () => {
    for (const to of notificationStatuses) {
      expect(canTransition("recalled", to)).toBe(false);
      expect(canTransition("cancelled", to)).toBe(false);
    }
  });

  it("only a pending notification can be cancelled", () => {
    expect(sourcesOf("cancelled")).toEqual(["pending"]);
    expect(sourcesOf("recalled").sort()).toEqual(["failed", "pending", "processing", "sent"]);
  });

  it("deliveries settle only a notification waiting on them, to sent or failed", () => {
    expect(settleSourcesOf("sent")).toEqual(["processing", "failed"]);
    expect(settleSourcesOf("failed")).toEqual(["processing", "failed"]);
    for (const to of ["sent", "failed"] as const) {
      for (const from of settleSourcesOf(to)) expect(from === to || canTransition(from, to)).toBe(true);
    }
  });

  it("recipients see processing, sent and failed notifications only", () => {
    expect(notificationStatuses.filter(isVisible)).toEqual(["processing", "sent", "failed"]);
  });
});
