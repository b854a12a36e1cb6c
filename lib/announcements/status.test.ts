import { describeEveryTransition } from "../status-machine.test-helpers";
import { announcementStatuses } from "../vocabulary/enums";
import * as machine from "./status";

describeEveryTransition(
  "announcement",
  announcementStatuses,
  [
    ["draft", "scheduled"],
    ["draft", "published"],
    ["draft", "archived"],
    ["scheduled", "published"],
    ["scheduled", "archived"],
    ["published", "archived"],
  ],
  machine,
);
