"use client";
// A list of removable chips (chosen users, recipients), each with its own labelled remove button.
import { X } from "lucide-react";
import type { ReactNode } from "react";
import { focusRing } from "./button";
import { cn } from "./cn";

export function Chips({
  label,
  values,
  onRemove,
  more,
}: {
  label: string;
  values: string[];
  onRemove: (value: string) => void;
  /** A last item after the chips, e.g. "and 120 more". */
  more?: ReactNode;
}) {
  return (
    <ul aria-label={label} className="flex flex-wrap gap-1.5">
      {values.map((id) => (
        <li
          key={id}
          className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2.5 text-xs dark:bg-slate-800"
        >
          {id}
          <button
            type="button"
            aria-label={`Remove ${id}`}
            onClick={() => onRemove(id)}
            className={cn("rounded-full p-0.5 hover:bg-slate-200 dark:hover:bg-slate-700", focusRing)}
          >
            <X aria-hidden className="size-3" />
          </button>
        </li>
      ))}
      {more ? <li className="py-0.5 text-xs text-slate-500">{more}</li> : null}
    </ul>
  );
}
