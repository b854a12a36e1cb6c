// The schema index drizzle needs: every table, one file per domain.
export * from "./tenants";
export * from "./users";
export * from "./api-keys";
export * from "./notifications";
export * from "./templates";
export * from "./announcements";
export * from "./preferences";
export * from "./push-subscriptions";
export * from "./integrations";
export * from "./audit";
export * from "./rate-limits";
export * from "./webhooks";
export * from "./topics";
export * from "./workflows";
export * from "./workflow-runs";
export * from "./workflow-digests";
export * from "./schedules";
