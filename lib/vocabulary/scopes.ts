// The API-key scopes: a pure vocabulary module (no database imports), so the console imports the
// same list and labels the server checks.

export const apiKeyScopes = [
  "notifications:send",
  "notifications:read",
  "announcements:read",
  "templates:read",
  "templates:write",
  "users:read",
  "users:write",
  "users:impersonate",
  "tokens:mint",
  "preferences:write",
  "workflows:read",
  "workflows:write",
  "workflows:trigger",
  "topics:read",
  "topics:write",
  "admin",
] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** What each scope lets a key do, as the console and docs/SECURITY.md describe it. */
export const scopeLabels: Record<ApiKeyScope, string> = {
  "notifications:send": "Send, recall and cancel notifications; create and publish announcements",
  "notifications:read": "Read notifications, deliveries and send logs tenant-wide",
  "announcements:read": "List and read announcements and their figures",
  "templates:read": "List, read and preview templates",
  "templates:write": "Create, change and delete templates (includes templates:read)",
  "users:read": "List and read users and their preferences",
  "users:write": "Create and change users' profiles and contact details; delete users (includes users:read)",
  "users:impersonate": "Act for one user with the X-User-Id header",
  "tokens:mint": "Mint subscriber tokens for users (an embedded inbox signs in with one)",
  "preferences:write": "Change users' notification preferences",
  "workflows:read": "List and read workflows, their versions and runs",
  "workflows:write":
    "Create, change, delete and restore workflows and their schedules (includes workflows:read)",
  "workflows:trigger": "Trigger workflows for users or topics and cancel waiting runs",
  "topics:read": "List topics and their subscribers",
  "topics:write": "Create and delete topics; add and remove subscribers (includes topics:read)",
  admin: "Everything, including API keys, integrations and the audit log",
};

/** A scope a key holds implicitly because it holds a wider one (admin holds them all). */
const implied: Partial<Record<ApiKeyScope, ApiKeyScope[]>> = {
  "templates:write": ["templates:read"],
  "users:write": ["users:read"],
  "workflows:write": ["workflows:read"],
  "topics:write": ["topics:read"],
};

export function scopesInclude(held: readonly ApiKeyScope[], wanted: ApiKeyScope): boolean {
  if (held.includes("admin") || held.includes(wanted)) return true;
  return held.some((s) => implied[s]?.includes(wanted) ?? false);
}
