"use client";
// A set of checkboxes for choosing several of a fixed list (channels, roles), with an optional
// legend, hint and error; the chosen values always come back in the list's order.
import { useId, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export function CheckboxGroup<T extends string>({
  legend,
  options,
  value,
  onChange,
  label,
  hint,
  error,
  disabled,
  className,
}: {
  legend?: ReactNode;
  options: readonly T[];
  /** The chosen ones (any not among the options are dropped on the next change). */
  value: readonly string[];
  onChange: (value: T[]) => void;
  label: (option: T) => ReactNode;
  hint?: ReactNode;
  error?: string;
  disabled?: boolean;
  className?: string;
}) {
  const id = useId();
  return (
    <fieldset
      disabled={disabled}
      aria-describedby={error ? `${id}-error` : undefined}
      className={cn("flex flex-col gap-1", className)}
    >
      {legend ? (
        <legend className="mb-1 text-sm font-medium text-slate-700 dark:text-slate-200">{legend}</legend>
      ) : null}
      <div className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
        {options.map((option) => (
          <label key={option} className="inline-flex items-center gap-1.5">
            <input
              type="checkbox"
              className="size-4 accent-brand"
              checked={value.includes(option)}
              onChange={(e) =>
                onChange(options.filter((o) => (o === option ? e.target.checked : value.includes(o))))
              }
            />
            {label(option)}
          </label>
        ))}
      </div>
      {hint ? <p className="text-xs text-slate-500 dark:text-slate-400">{hint}</p> : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
