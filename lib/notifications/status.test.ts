import { describe, expect, it } from "vitest";
import { notificationStatuses, type NotificationStatus } from "../db/schema";
import { describeEveryTransition } from "../status-machine.test-helpers";
import * as machine from "./status";

const {
  canTransition,
  initialNotificationStatus,
  isVisible,
  releaseSources,
  releaseTargetOf,
  settleSourcesOf,
  settleTargetOf,
  sourcesOf,
} = machine;

const legal: [NotificationStatus, NotificationStatus][] = [
  ["pending", "processing"],
  ["pending", "sent"],
  ["pending", "failed"],
  ["pending", "recalled"],
  ["pending", "cancelled"],
  ["pending", "expired"],
  ["processing", "sent"],
  ["processing", "failed"],
  ["processing", "recalled"],
  ["processing", "expired"],
  ["sent", "recalled"],
  ["sent", "expired"],
  ["failed", "sent"],
  ["failed", "recalled"],
  ["failed", "expired"],
];

describeEveryTransition("notification", notificationStatuses, legal, machine);

describe("notification status machine", () => {
  it("recalled, cancelled and expired are final", () => {
    for (const to of notificationStatuses) {
      expect(canTransition("recalled", to)).toBe(false);
      expect(canTransition("cancelled", to)).toBe(false);
      expect(canTransition("expired", to)).toBe(false);
    }
  });

  it("only a pending notification can be cancelled", () => {
    expect(sourcesOf("cancelled")).toEqual(["pending"]);
    expect(sourcesOf("recalled").sort()).toEqual(["failed", "pending", "processing", "sent"]);
  });

  it("a release takes only a pending notification, to sent with in-app and to processing without", () => {
    expect(releaseSources()).toEqual(["pending"]);
    expect(releaseTargetOf({ inApp: true })).toBe("sent");
    expect(releaseTargetOf({ inApp: false })).toBe("processing");
  });

  it("a new notification waits when scheduled and is released at once otherwise", () => {
    expect(initialNotificationStatus({ scheduled: true, inApp: true })).toBe("pending");
    expect(initialNotificationStatus({ scheduled: true, inApp: false })).toBe("pending");
    expect(initialNotificationStatus({ scheduled: false, inApp: true })).toBe("sent");
    expect(initialNotificationStatus({ scheduled: false, inApp: false })).toBe("processing");
    expect(machine.INITIAL_NOTIFICATION_STATUS).toBe("pending");
  });

  it("deliveries settle only a notification waiting on them, to sent or failed", () => {
    expect(settleTargetOf({ succeeded: true })).toBe("sent");
    expect(settleTargetOf({ succeeded: false })).toBe("failed");
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
