import { describe, expect, it } from "vitest";
import { workflowRunStatuses, type WorkflowRunStatus } from "./enums";
import { describeEveryTransition } from "../status-machine.test-helpers";
import * as machine from "./workflow-run-status";

const legal: [WorkflowRunStatus, WorkflowRunStatus][] = [
  ["running", "waiting"],
  ["running", "completed"],
  ["running", "cancelled"],
  ["running", "throttled"],
  ["running", "failed"],
  ["waiting", "running"],
  ["waiting", "cancelled"],
  ["waiting", "failed"],
];

describeEveryTransition("workflow run", workflowRunStatuses, legal, machine);

describe("workflow run status machine", () => {
  it("completed, cancelled, throttled and failed are final; only running and waiting are live", () => {
    for (const from of ["completed", "cancelled", "throttled", "failed"] as const) {
      for (const to of workflowRunStatuses) expect(machine.canTransition(from, to)).toBe(false);
      expect(machine.isLive(from)).toBe(false);
    }
    expect(machine.LIVE_RUN_STATUSES).toEqual(["running", "waiting"]);
  });

  it("a cancel stops a live run, whichever step it is at", () => {
    expect(machine.sourcesOf(machine.RUN_CANCELLED)).toEqual([...machine.LIVE_RUN_STATUSES]);
  });
});
