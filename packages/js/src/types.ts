// The API's shapes the browser deals in, from the generated OpenAPI types (openapi.ts).
import type { components, operations } from "./openapi.ts";

type Schemas = components["schemas"];

/** A notification as the REST API and the realtime events carry it. */
export type Notification = Schemas["Notification"];
export type Preferences = Schemas["Preferences"];
/** One of a notification's action buttons (`notification.actions`). */
export type NotificationAction = Notification["actions"][number];

type SuccessData<K extends keyof operations> = {
  [S in keyof operations[K]["responses"]]: S extends 200 | 201 | 202
    ? operations[K]["responses"][S] extends { content: { "application/json": { data: infer D } } }
      ? D
      : never
    : never;
}[keyof operations[K]["responses"]];
type JsonBody<K extends keyof operations> =
  NonNullable<operations[K]["requestBody"]> extends { content: { "application/json": infer B } } ? B : never;

export type NotificationPage = Schemas["NotificationPage"];
/** One inbox row of a grouped list: the notifications sharing a `group_key` (or one without). */
export type NotificationGroup = Schemas["NotificationGroup"];
export type NotificationGroupPage = Schemas["NotificationGroupPage"];
export type ListNotificationsQuery = NonNullable<operations["listNotifications"]["parameters"]["query"]>;
export type UnreadCount = SuccessData<"countUnreadNotifications">;
export type BatchMarkInput = JsonBody<"batchMarkNotifications">;
export type BatchMarkResult = SuccessData<"batchMarkNotifications">;
export type MarkAllResult = SuccessData<"markAllNotificationsRead">;
export type PreferencesInput = JsonBody<"saveUserPreferences">;
export type BulkChangeInput = JsonBody<"deleteAllNotifications">;
export type BulkChangeResult = SuccessData<"deleteAllNotifications">;
export type InteractedResult = SuccessData<"markNotificationInteracted">;
