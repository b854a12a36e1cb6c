import { describe, expect, it } from "vitest";
import { deliveryStatuses, type DeliveryStatus } from "../vocabulary/enums";
import { DomainError } from "../errors";
import { assertTransition, canTransition, claimableStatuses, sourcesOf } from "./status";

const legal: [DeliveryStatus, DeliveryStatus][] = [
  ["queued", "sending"],
  ["queued", "cancelled"],
  ["sending", "sending"],
  ["sending", "queued"],
  ["sending", "sent"],
  ["sending", "failed"],
  ["sending", "skipped"],
  ["sending", "cancelled"],
  ["sent", "delivered"],
  ["sent", "bounced"],
  ["sent", "failed"],
  ["delivered", "bounced"],
  ["delivered", "failed"],
];

describe("delivery status machine", () => {
  const all = deliveryStatuses.flatMap((from) => deliveryStatuses.map((to) => [from, to] as const));

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

  it("bounced, failed, skipped and cancelled are final", () => {
    for (const from of ["bounced", "failed", "skipped", "cancelled"] as const) {
      for (const to of deliveryStatuses) expect(canTransition(from, to)).toBe(false);
    }
  });

  it("nothing goes back to queued but a claimed delivery, and a job claims only unfinished ones", () => {
    expect(sourcesOf("queued")).toEqual(["sending"]);
    expect(claimableStatuses()).toEqual(["queued", "sending"]);
    expect(sourcesOf("cancelled")).toEqual(["queued", "sending"]);
  });

  it("a provider's report moves a delivery forward only", () => {
    expect(sourcesOf("delivered")).toEqual(["sent"]);
    expect(sourcesOf("bounced")).toEqual(["sent", "delivered"]);
    expect(sourcesOf("failed")).toEqual(["sending", "sent", "delivered"]);
  });
});
