// Schedules: recurring triggers of a workflow, each recipient at their local time.
import { z } from "zod";
import { actorOf } from "../../auth/caller";
import { clock } from "../../clock";
import { pageOf } from "../../http/validation";
import {
  scheduleCreateSchema,
  scheduleGetQuery,
  scheduleListQuery,
  scheduleParams,
  scheduleUpdateSchema,
} from "../../schedules/schema";
import {
  NEXT_FIRES,
  scheduleJson,
  schedulePageSchema,
  scheduleSchema,
  scheduleSummaryJson,
} from "../../schedules/serialize";
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  setScheduleStatus,
  updateSchedule,
} from "../../schedules/store";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.schedules;
const fires = `The answer shows each time zone's slot and the next ${NEXT_FIRES} fire times; \`?timezone=\` shows them in that zone.`;

const list = endpoint(
  {
    method: "get",
    path: "/api/v1/schedules",
    id: "listSchedules",
    summary: "List schedules",
    description: `Newest first, filtered by \`status\` and \`workflow\` (its key). ${fires}`,
    tag,
    auth: "service",
    scope: "workflows:read",
    query: scheduleListQuery,
    data: schedulePageSchema,
  },
  async ({ db, caller, query }) => {
    const { rows, total } = await listSchedules(db, caller.tenantId, query);
    const now = clock().now();
    return {
      data: {
        schedules: rows.map((r) => scheduleSummaryJson(r, now, query.timezone)),
        ...pageOf(total, query.page, query.page_size),
      },
    };
  },
);

const create = endpoint(
  {
    method: "post",
    path: "/api/v1/schedules",
    id: "createSchedule",
    summary: "Create a schedule",
    description: `Fires \`workflow\` for \`to\` (up to 10,000 user ids) on a repeat: \`{ "frequency": "daily", "at": "09:00" }\`, weekly on \`days\`, monthly on \`day_of_month\`, or an \`rrule\`. With \`"timezone": "recipient"\` (the default) each recipient gets it at their own local time — New York's at 09:00 New York, Shanghai's at 09:00 Shanghai — or give one IANA zone for everyone. An unknown workflow is 404; a bad \`at\`, zone, rrule, \`days\` on a non-weekly schedule or an empty \`to\` is a 400 naming the field, and nothing is written. ${fires}`,
    tag,
    auth: "service",
    scope: "workflows:write",
    body: scheduleCreateSchema,
    data: scheduleSchema,
    message: "Schedule created",
    status: 201,
    errors: [404, 413],
  },
  async ({ db, caller, body }) => ({
    data: scheduleJson(await createSchedule(db, caller.tenantId, body, actorOf(caller)), clock().now()),
  }),
);

const getOne = endpoint(
  {
    method: "get",
    path: "/api/v1/schedules/{id}",
    id: "getSchedule",
    summary: "Get a schedule",
    description: fires,
    tag,
    auth: "service",
    scope: "workflows:read",
    params: scheduleParams,
    query: scheduleGetQuery,
    data: scheduleSchema,
  },
  async ({ db, caller, params, query }) => ({
    data: scheduleJson(await getSchedule(db, caller.tenantId, params.id), clock().now(), query.timezone),
  }),
);

const update = endpoint(
  {
    method: "put",
    path: "/api/v1/schedules/{id}",
    id: "updateSchedule",
    summary: "Change a schedule",
    description:
      "Partial: omitted fields stay; `to` and `repeat` replace what was there, and the next fire times are computed again from now. Checked as a create is.",
    tag,
    auth: "service",
    scope: "workflows:write",
    params: scheduleParams,
    body: scheduleUpdateSchema,
    data: scheduleSchema,
    message: "Schedule saved",
    errors: [404, 413],
  },
  async ({ db, caller, params, body }) => ({
    data: scheduleJson(
      await updateSchedule(db, caller.tenantId, params.id, body, actorOf(caller)),
      clock().now(),
    ),
  }),
);

const remove = endpoint(
  {
    method: "delete",
    path: "/api/v1/schedules/{id}",
    id: "deleteSchedule",
    summary: "Delete a schedule",
    description: "Nothing more fires; runs it already started go on.",
    tag,
    auth: "service",
    scope: "workflows:write",
    params: scheduleParams,
    data: z.null(),
    message: "Schedule deleted",
  },
  async ({ db, caller, params }) => {
    await deleteSchedule(db, caller.tenantId, params.id, actorOf(caller));
    return { data: null };
  },
);

function statusChange(status: "active" | "paused") {
  const pause = status === "paused";
  return endpoint(
    {
      method: "post",
      path: `/api/v1/schedules/{id}/${pause ? "pause" : "resume"}`,
      id: pause ? "pauseSchedule" : "resumeSchedule",
      summary: pause ? "Pause a schedule" : "Resume a schedule",
      description: pause
        ? "Nothing fires until it is resumed. Pausing a paused schedule changes nothing."
        : "It fires again from its next occurrence after now: occurrences missed while paused are not fired.",
      tag,
      auth: "service",
      scope: "workflows:write",
      params: scheduleParams,
      data: scheduleSchema,
      message: pause ? "Schedule paused" : "Schedule resumed",
    },
    async ({ db, caller, params }) => ({
      data: scheduleJson(
        await setScheduleStatus(db, caller.tenantId, params.id, status, actorOf(caller)),
        clock().now(),
      ),
    }),
  );
}

export const schedulesEndpoints: Endpoint[] = [
  list,
  create,
  getOne,
  update,
  remove,
  statusChange("paused"),
  statusChange("active"),
];
