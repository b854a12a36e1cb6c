// One headline figure of the dashboard.
import type { ReactNode } from "react";
import { Card, Skeleton } from "@/components/ui/misc";
import { cn } from "@/components/ui/cn";

export function StatCard({
  label,
  value,
  detail,
  tone = "default",
  icon,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  tone?: "default" | "good" | "bad";
  icon?: ReactNode;
}) {
  return (
    <Card role="group" aria-label={label} className="flex flex-col gap-1">
      <div className="flex items-center justify-between gap-2 text-sm text-slate-600 dark:text-slate-300">
        <span>{label}</span>
        <span aria-hidden className="text-slate-400">
          {icon}
        </span>
      </div>
      <p
        data-testid="stat-value"
        className={cn(
          "text-2xl font-semibold tabular-nums",
          tone === "good" && "text-green-700 dark:text-green-400",
          tone === "bad" && "text-red-700 dark:text-red-400",
        )}
      >
        {value}
      </p>
      {detail ? <p className="text-xs text-slate-500 dark:text-slate-400">{detail}</p> : null}
    </Card>
  );
}

export function StatCardSkeleton() {
  return (
    <Card className="flex flex-col gap-2">
      <Skeleton className="h-4 w-24" />
      <Skeleton className="h-7 w-16" />
      <Skeleton className="h-3 w-32" />
    </Card>
  );
}
