import { describe, expect, it } from "vitest";
import { deliveryStatuses, type DeliveryStatus } from "./enums";
import { describeEveryTransition } from "../status-machine.test-helpers";
import * as machine from "./delivery-status";

const { canTransition, claimableStatuses, sourcesOf, unclaimedSourcesOf } = machine;

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

describeEveryTransition("delivery", deliveryStatuses, legal, machine);

describe("delivery status machine", () => {
  it("bounced, failed, skipped and cancelled are final", () => {
    for (const from of ["bounced", "failed", "skipped", "cancelled"] as const) {
      for (const to of deliveryStatuses) expect(canTransition(from, to)).toBe(false);
    }
  });

  it("a delivery starts queued, a claim moves it to sending, and only a claimed one goes back", () => {
    expect(machine.INITIAL_DELIVERY_STATUS).toBe("queued");
    expect(machine.CLAIMED).toBe("sending");
    expect(canTransition(machine.INITIAL_DELIVERY_STATUS, machine.CLAIMED)).toBe(true);
    expect(sourcesOf("queued")).toEqual(["sending"]);
    expect(claimableStatuses()).toEqual(["queued", "sending"]);
  });

  it("a recall or cancel stops only deliveries no worker holds", () => {
    expect(sourcesOf("cancelled")).toEqual(["queued", "sending"]);
    expect(unclaimedSourcesOf("cancelled")).toEqual(["queued"]);
  });

  it("a provider's report moves a delivery forward only", () => {
    expect(sourcesOf("delivered")).toEqual(["sent"]);
    expect(sourcesOf("bounced")).toEqual(["sent", "delivered"]);
    expect(sourcesOf("failed")).toEqual(["sending", "sent", "delivered"]);
  });
});
