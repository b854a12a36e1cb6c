// The message catalogue: one JSON file per locale and area (messages/<locale>/<area>.json), each
// area its namespace, so later work on another area adds a file instead of editing a shared one.
import type { AppLocale } from "@/lib/vocabulary/locale";

export const namespaces = [
  "common",
  "inbox",
  "settings",
  "auth",
  "embed",
  "console",
  "dashboard",
  "templates",
  "send",
  "logs",
  "audit",
  "outbox",
  "pages",
  "email",
  "workflows",
  "integrations",
  "announcements",
  "schedules",
  "webhooks",
  "topics",
  "users",
  "apiKeys",
  "chatTargets",
] as const;
export type Namespace = (typeof namespaces)[number];

export async function loadMessages(locale: AppLocale): Promise<Record<Namespace, Record<string, unknown>>> {
  const entries = await Promise.all(
    namespaces.map(
      async (ns) =>
        [ns, (await import(`../messages/${locale}/${ns}.json`)).default as Record<string, unknown>] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<Namespace, Record<string, unknown>>;
}
