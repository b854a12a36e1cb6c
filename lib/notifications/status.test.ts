import { describe, expect, it } from "vitest";
import { notificationStatuses, type NotificationStatus } from "../db/schema";
import { HttpError } from "../http/errors";
import { assertTransition, canTransition, isVisible, sourcesOf } from "./status";

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
        expect(err).toBeInstanceOf(HttpError);
        expect((err as HttpError).status).toBe(409);
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

  it("recipients see processing, sent and failed notifications only", () => {
    expect(notificationStatuses.filter(isVisible)).toEqual(["processing", "sent", "failed"]);
  });
});
