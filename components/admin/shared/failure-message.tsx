// Why a form's request failed, when the API named no field (a field's error shows under its input).
import { cn } from "@/components/ui/cn";
import { ApiError } from "@/lib/http/api-client";

export function FailureMessage({ error, className }: { error: Error | null; className?: string }) {
  if (!error || (error instanceof ApiError && error.errors.length > 0)) return null;
  return (
    <p role="alert" className={cn("text-sm text-red-600 dark:text-red-400", className)}>
      {error.message}
    </p>
  );
}
