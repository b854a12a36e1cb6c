// The lengths and sizes the API accepts, as the request schemas check them and the console's forms
// show them (a counter, a maxLength).

/** notifications.title is varchar(200). */
export const MAX_NOTIFICATION_TITLE = 200;
export const MAX_NOTIFICATION_CONTENT = 2000;
/** notifications.group_key is varchar(200). */
export const MAX_GROUP_KEY = 200;
/** One send request names at most this many recipients (the console splits larger sends). */
export const MAX_RECIPIENTS = 10_000;
/** Metadata and a send's params are stored with every row a send writes: kept small. */
export const MAX_JSON_OBJECT_BYTES = 16 * 1024;
export const MAX_LINK_LENGTH = 2048;
export const MAX_TEMPLATE_NAME = 100;
export const MAX_TEMPLATE_CODE = 100;
export const MAX_WORKFLOW_KEY = 100;
export const MAX_TEMPLATE_LOCALES = 20;
/** announcements.title is varchar(100). */
export const MAX_ANNOUNCEMENT_TITLE = 100;
export const MAX_ANNOUNCEMENT_CONTENT = 20_000;
export const MAX_AUDIENCE_USERS = 10_000;

/** UTF-8 bytes of a value's JSON, the same in the browser and on the server. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}
