"use client";
// The console's sections; the current one is marked for sighted and screen-reader users alike.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export const adminSections = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/templates", label: "Templates" },
  { href: "/admin/workflows", label: "Workflows" },
  { href: "/admin/workflows/runs", label: "Runs" },
  { href: "/admin/topics", label: "Topics" },
  { href: "/admin/schedules", label: "Schedules" },
  { href: "/admin/announcements", label: "Announcements" },
  { href: "/admin/send", label: "Send" },
  { href: "/admin/logs", label: "Logs" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/integrations", label: "Integrations" },
  { href: "/admin/chat-targets", label: "Chat targets" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/outbox", label: "Outbox" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

export function AdminNav() {
  const pathname = usePathname();
  // The longest section that holds the page: /admin/workflows/runs is Runs, not Workflows.
  const current = adminSections
    .filter((s) => (s.href === "/admin" ? pathname === "/admin" : pathname.startsWith(s.href)))
    .reduce<string | null>((best, s) => (best && best.length >= s.href.length ? best : s.href), null);
  return (
    <nav aria-label="Console" className="mx-auto max-w-7xl overflow-x-auto px-4 sm:px-6">
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
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
