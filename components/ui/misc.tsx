// Small display primitives: badge, skeleton, card, empty and error states.
import { useTranslations } from "next-intl";
import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

type Tone = "slate" | "blue" | "green" | "amber" | "red" | "indigo";
const tones: Record<Tone, string> = {
  slate: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
  blue: "bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-200",
  green: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200",
  amber: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  red: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  indigo: "bg-indigo-100 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200",
};

export function Badge({
  tone = "slate",
  className,
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone?: Tone }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium",
        tones[tone],
        className,
      )}
      {...props}
    />
  );
}

export function Skeleton({ className }: { className?: string }) {
  return (
    <div aria-hidden className={cn("animate-pulse rounded bg-slate-200 dark:bg-slate-700", className)} />
  );
}

export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return (
    <div
      className={cn(
        "rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900",
        className,
      )}
      {...props}
    />
  );
}

export function EmptyState({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-1 py-12 text-center">
      <p className="font-medium text-slate-700 dark:text-slate-200">{title}</p>
      {children ? <div className="text-sm text-slate-500 dark:text-slate-400">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useTranslations("common");
  return (
    <div role="alert" className="flex flex-col items-center gap-2 py-10 text-center">
      <p className="font-medium text-red-700 dark:text-red-300">
        {error instanceof Error ? error.message : t("somethingWrong")}
      </p>
      {onRetry ? (
        <button type="button" onClick={onRetry} className="text-sm text-brand underline">
          {t("tryAgain")}
        </button>
      ) : null}
    </div>
  );
}
