// Request and response schemas of GET /api/v1/admin/dashboard: the console's delivery-health figures.
import { z } from "zod";
import { circuitStates } from "../integrations/schema";
import { notificationChannels } from "../vocabulary/enums";
import { timeZone } from "../http/validation";

export const TOP_ENGAGEMENT_TEMPLATES = 20;

export const dashboardRanges = ["24h", "14d"] as const;
export type DashboardRange = (typeof dashboardRanges)[number];

export const dashboardQuery = z.strictObject({
  range: z
    .enum(dashboardRanges, { message: `must be one of ${dashboardRanges.join(", ")}` })
    .default("24h")
    .meta({ description: "The window of the series and the rates: 24 hourly or 14 daily buckets" }),
  tz: timeZone
    .default("UTC")
    .meta({ description: "The zone that 'today' and the bucket boundaries are read in" }),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

const int = z.number().int();
const rate = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .meta({ description: "A fraction from 0 to 1; null when there is nothing to divide by" });

const outcomeCounts = {
  total: int.meta({ description: "Deliveries in the window, whatever their status" }),
  succeeded: int.meta({ description: "Accepted by the provider (sent) or confirmed delivered" }),
  failed: int.meta({ description: "Failed or bounced" }),
  in_flight: int.meta({ description: "Queued or sending" }),
  skipped: int.meta({ description: "Never reached a provider (no address, preferences) or cancelled" }),
  success_rate: rate.meta({ description: "succeeded / (succeeded + failed)" }),
};

const bucketShape = Object.fromEntries(notificationChannels.map((c) => [c, int])) as Record<
  (typeof notificationChannels)[number],
  typeof int
>;

export const dashboardSchema = z
  .object({
    generated_at: z.iso.datetime({ offset: true }),
    range: z.enum(dashboardRanges),
    timezone: z.string(),
    live_connections: int.meta({
      description: "Open Socket.IO and WebSocket connections on the node that answered",
    }),
    today: z.object({
      since: z.iso.datetime({ offset: true }).meta({ description: "Midnight in `timezone`" }),
      sent: int.meta({
        description: "Notifications dispatched today (scheduled ones still waiting excluded)",
      }),
      read: int.meta({ description: "Of those, how many their recipient has read" }),
      read_rate: rate.meta({ description: "read / today's notifications with the in-app channel" }),
      deliveries: z.object({ ...outcomeCounts, delivered: int.meta({ description: "Confirmed delivered" }) }),
    }),
    series: z.object({
      unit: z.enum(["hour", "day"]),
      buckets: z
        .array(
          z
            .object({ start: z.string().meta({ description: "Local bucket start, e.g. 2026-11-30T14:00" }) })
            .extend(bucketShape),
        )
        .meta({ description: "Sends per channel, oldest first, empty buckets included" }),
    }),
    channels: z.array(z.object({ channel: z.string(), ...outcomeCounts })),
    providers: z.array(
      z.object({
        provider: z.string().meta({ description: "The provider's name, or `none` before one was picked" }),
        channel: z.string(),
        ...outcomeCounts,
      }),
    ),
    circuits: z
      .array(
        z.object({
          channel: z.string(),
          provider: z.string(),
          integration_id: z.uuid().nullable().meta({ description: "Null: the environment's provider" }),
          name: z.string().meta({ description: "The integration's name, or the provider's" }),
          state: z.enum(circuitStates),
        }),
      )
      .meta({
        description:
          "The circuit breaker of each provider the channels send with (the failover chains in order), in the process that answered",
      }),
    failure_reasons: z.array(
      z.object({
        reason: z.string(),
        channel: z.string(),
        count: int,
        last_error: z.string().nullable().meta({ description: "One recent error text with this reason" }),
      }),
    ),
    engagement: z
      .array(
        z.object({
          template_id: z.uuid(),
          template_code: z.string().nullable().meta({ description: "Null once the template is deleted" }),
          template_name: z.string().nullable(),
          notifications: int.meta({
            description: "Notifications sent from it in the window (one per recipient)",
          }),
          emails: int.meta({ description: "Of those, emails a provider accepted" }),
          opened: int.meta({ description: "Emails opened (recorded only while the tenant tracks opens)" }),
          clicked: int.meta({
            description:
              "Notifications clicked: a link in the email (while the tenant tracks clicks) or the action in the inbox",
          }),
          open_rate: rate.meta({ description: "opened / emails" }),
          click_rate: rate.meta({ description: "clicked / notifications" }),
        }),
      )
      .meta({ description: `Per template, the ${TOP_ENGAGEMENT_TEMPLATES} most sent in the window` }),
  })
  .meta({ id: "Dashboard" });
export type DashboardJson = z.infer<typeof dashboardSchema>;
