// The API's enumerations, one list each: the Drizzle tables, the request schemas and the console all
// import them from here, so the browser gets the same values without any database code.

export const notificationTypes = ["system", "info", "warning", "error"] as const;
export type NotificationType = (typeof notificationTypes)[number];

export const notificationPriorities = ["low", "normal", "high", "urgent"] as const;
export type NotificationPriority = (typeof notificationPriorities)[number];

/** In the order the console lists them. */
export const notificationChannels = ["app", "email", "sms", "push", "wechat", "chat"] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/** The channels that have deliveries and providers: every one but in-app. */
export const externalChannels = [
  "email",
  "sms",
  "push",
  "wechat",
  "chat",
] as const satisfies readonly Exclude<NotificationChannel, "app">[];
export type ExternalChannel = (typeof externalChannels)[number];

export const notificationStatuses = [
  "pending",
  "processing",
  "sent",
  "failed",
  "recalled",
  "cancelled",
  "expired",
] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

export const deliveryStatuses = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "bounced",
  "failed",
  "skipped",
  "cancelled",
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const userRoles = ["admin", "user"] as const;
export type UserRole = (typeof userRoles)[number];

export const announcementTypes = ["notice", "announcement"] as const;
export type AnnouncementType = (typeof announcementTypes)[number];
export const announcementSeverities = ["info", "warning", "critical"] as const;
export type AnnouncementSeverity = (typeof announcementSeverities)[number];
export const announcementStatuses = ["draft", "scheduled", "published", "archived"] as const;
export type AnnouncementStatus = (typeof announcementStatuses)[number];
/** Extra channels an announcement can also go out by; in-app is the announcement itself. */
export const announcementChannels = externalChannels;
export type AnnouncementChannel = ExternalChannel;
/** An announcement's extra-channel fan-out: running, then complete, or stopped first. */
export const fanoutStatuses = ["running", "complete", "stopped"] as const;
export type FanoutStatus = (typeof fanoutStatuses)[number];

/** A workflow run: running a step, waiting for a delay, or over (one of the four ends). */
export const workflowRunStatuses = [
  "running",
  "waiting",
  "completed",
  "cancelled",
  "throttled",
  "failed",
] as const;
export type WorkflowRunStatus = (typeof workflowRunStatuses)[number];
/** How one executed step of a run ended. */
export const workflowStepStatuses = ["completed", "skipped", "failed", "cancelled"] as const;
export type WorkflowStepStatus = (typeof workflowStepStatuses)[number];
/** A trigger: still writing a topic's runs in batches, every run written, or stopped by a cancel. */
export const workflowTriggerStatuses = ["fanning_out", "completed", "cancelled"] as const;
export type WorkflowTriggerStatus = (typeof workflowTriggerStatuses)[number];

export { apiKeyScopes, type ApiKeyScope } from "./scopes";

/** "must be one of a, b, c": the API's message for a value outside an enumeration. */
export const oneOfMessage = (values: readonly string[]) => `must be one of ${values.join(", ")}`;

/**
 * Which of a recipient's notifications a list shows: the default inbox (neither archived nor
 * snoozed), the Archived tab, the snoozed ones, or every visible one.
 */
export const inboxViews = ["inbox", "archived", "snoozed", "all"] as const;
export type InboxView = (typeof inboxViews)[number];
export const DEFAULT_INBOX_VIEW = "inbox" as const satisfies InboxView;

/** What a tenant's badge counts (tenants.settings.badge): unread rows, or rows not yet seen in the bell. */
export const badgeModes = ["unread", "unseen"] as const;
export type BadgeMode = (typeof badgeModes)[number];
export const DEFAULT_BADGE_MODE = "unread" as const satisfies BadgeMode;

/** How far ahead a snooze may reach. */
export const MAX_SNOOZE_DAYS = 90;

/** The actions `POST /api/v1/notifications/batch-mark` takes. */
export const batchMarkActions = ["read", "unread", "seen", "delete", "archive", "unarchive"] as const;
export type BatchMarkAction = (typeof batchMarkActions)[number];
