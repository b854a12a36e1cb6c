// Pieces every console page repeats: the link back to a section's list, a page that failed to load,
// and a list's search box.
import { ArrowLeft, Search } from "lucide-react";
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
