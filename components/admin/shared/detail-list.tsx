// A detail card's term/value grid (a notification, a delivery, a user): "—" stands for no value.
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export function DetailList({ className, children }: { className?: string; children: ReactNode }) {
  return <dl className={cn("grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1", className)}>{children}</dl>;
}

export function DetailRow({ label, children }: { label: string; children?: ReactNode }) {
  const empty = children === null || children === undefined || children === "" || children === false;
  return (
    <>
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{empty ? "—" : children}</dd>
    </>
  );
}
