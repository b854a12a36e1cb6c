// Pieces every console page repeats: the link back to a section's list, a page that failed to load,
// a list's heading and its search box.
import { ArrowLeft, Plus, Search } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/field";
import { ErrorState } from "@/components/ui/misc";

export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link
      href={href}
      className={cn(
        "inline-flex items-center gap-1 text-sm text-slate-600 hover:underline dark:text-slate-300",
        focusRing,
      )}
    >
      <ArrowLeft className="size-3.5" aria-hidden /> {children}
    </Link>
  );
}

export function PageError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <ErrorState error={error} onRetry={onRetry} />
    </main>
  );
}

export function SearchBox({
  label,
  placeholder,
  value,
  onChange,
  className,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  className?: string;
}) {
  return (
    <label className={cn("relative", className)}>
      <span className="sr-only">{label}</span>
      <Search className="pointer-events-none absolute top-2 left-2.5 size-4 text-slate-400" aria-hidden />
      <Input
        type="search"
        placeholder={placeholder}
        className="pl-8"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** A list page's heading: its title, one line on what it holds, and the link that creates one. */
export function ListHeader({
  title,
  description,
  newHref,
  newLabel,
  children,
}: {
  title: string;
  description: string;
  newHref: string;
  newLabel: string;
  /** Further links beside the create link. */
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">{description}</p>
      </div>
      <div className="flex items-center gap-3">
        {children}
        <Link
          href={newHref}
          className={cn(
            "inline-flex items-center gap-1.5 rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-dark",
            focusRing,
          )}
        >
          <Plus className="size-4" aria-hidden /> {newLabel}
        </Link>
      </div>
    </div>
  );
}
