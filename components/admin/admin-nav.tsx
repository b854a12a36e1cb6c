"use client";
// The console's sections; the current one is marked for sighted and screen-reader users alike.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

/** `label` names the section's message (console.nav.<label>). */
export const adminSections = [
  { href: "/admin", label: "dashboard" },
  { href: "/admin/templates", label: "templates" },
  { href: "/admin/workflows", label: "workflows" },
  { href: "/admin/workflows/runs", label: "runs" },
  { href: "/admin/topics", label: "topics" },
  { href: "/admin/schedules", label: "schedules" },
  { href: "/admin/announcements", label: "announcements" },
  { href: "/admin/send", label: "send" },
  { href: "/admin/logs", label: "logs" },
  { href: "/admin/users", label: "users" },
  { href: "/admin/api-keys", label: "apiKeys" },
  { href: "/admin/integrations", label: "integrations" },
  { href: "/admin/chat-targets", label: "chatTargets" },
  { href: "/admin/webhooks", label: "webhooks" },
  { href: "/admin/outbox", label: "outbox" },
  { href: "/admin/audit", label: "audit" },
] as const;

export function AdminNav() {
  const t = useTranslations("console.nav");
  const pathname = usePathname();
  // The longest section that holds the page: /admin/workflows/runs is Runs, not Workflows.
  const current = adminSections
    .filter((s) => (s.href === "/admin" ? pathname === "/admin" : pathname.startsWith(s.href)))
    .reduce<string | null>((best, s) => (best && best.length >= s.href.length ? best : s.href), null);
  return (
    <nav aria-label={t("label")} className="mx-auto max-w-7xl overflow-x-auto px-4 sm:px-6">
      <ul className="flex gap-1 text-sm">
        {adminSections.map((s) => {
          const isCurrent = s.href === current;
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={isCurrent ? "page" : undefined}
                className={cn(
                  "block border-b-2 px-3 py-2 whitespace-nowrap",
                  focusRing,
                  isCurrent
                    ? "border-brand font-medium text-brand dark:text-indigo-300"
                    : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white",
                )}
              >
                {t(s.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
