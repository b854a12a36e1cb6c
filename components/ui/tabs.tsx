"use client";
// Tabs with the WAI-ARIA keyboard pattern: arrows move between tabs, only the active one is tabbable.
import { useRef, type ReactNode } from "react";
import { focusRing } from "./button";
import { cn } from "./cn";

export type TabItem<T extends string> = { value: T; label: ReactNode };

export function Tabs<T extends string>({
  items,
  value,
  onChange,
  label,
  className,
}: {
  items: TabItem<T>[];
  value: T;
  onChange: (value: T) => void;
  label: string;
  className?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (from: number, by: number) => {
    const next = (from + by + items.length) % items.length;
    refs.current[next]?.focus();
    const item = items[next];
    if (item) onChange(item.value);
  };
  return (
    <div
      role="tablist"
      aria-label={label}
      className={cn("flex gap-1 border-b border-slate-200 dark:border-slate-700", className)}
    >
      {items.map((item, i) => {
        const selected = item.value === value;
        return (
          <button
            key={item.value}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            aria-selected={selected}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(item.value)}
            onKeyDown={(e) => {
              if (e.key === "ArrowRight") move(i, 1);
              else if (e.key === "ArrowLeft") move(i, -1);
            }}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              focusRing,
              selected
                ? "border-brand text-brand dark:text-indigo-300"
                : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white",
            )}
          >
            {item.label}
          </button>
        );
      })}
    </div>
  );
}
