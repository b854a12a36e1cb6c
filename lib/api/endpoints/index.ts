// Every declared endpoint of /api/v1, by domain.
import type { Endpoint } from "../endpoint";
import { adminEndpoints } from "./admin";
import { announcementsEndpoints } from "./announcements";
import { chatTargetsEndpoints } from "./chat-targets";
import { notificationsEndpoints } from "./notifications";
import { preferencesEndpoints } from "./preferences";
import { pushEndpoints } from "./push";
import { schedulesEndpoints } from "./schedules";
import { templatesEndpoints } from "./templates";
import { topicsEndpoints } from "./topics";
import { usersEndpoints } from "./users";
import { webhookEndpointsEndpoints } from "./webhook-endpoints";
import { webhooksEndpoints } from "./webhooks";
import { workflowsEndpoints } from "./workflows";

export const ENDPOINTS: Endpoint[] = [
  ...notificationsEndpoints,
  ...templatesEndpoints,
  ...usersEndpoints,
  ...preferencesEndpoints,
  ...announcementsEndpoints,
  ...pushEndpoints,
  ...webhooksEndpoints,
  ...webhookEndpointsEndpoints,
  ...workflowsEndpoints,
  ...adminEndpoints,
  ...chatTargetsEndpoints,
  ...topicsEndpoints,
  ...schedulesEndpoints,
];
