// The run explorer's filters as the URL holds them. No "use client": the server page reads the URL
// with it too (a function from a client module cannot be called on the server).
export type RunFilters = { workflow: string; user_id: string; status: string; trigger_id: string };
export const RUN_FILTERS = ["workflow", "user_id", "status", "trigger_id"] as const;

/** The filters a URL query holds (unknown keys are ignored). */
export function runFiltersFrom(params: Record<string, string | string[] | undefined>): RunFilters {
  const one = (k: string) => {
    const v = params[k];
    return typeof v === "string" ? v : "";
  };
  return {
    workflow: one("workflow"),
    user_id: one("user_id"),
    status: one("status"),
    trigger_id: one("trigger_id"),
  };
}

/** The run explorer's address, filtered. */
export function runsHref(filters: Partial<RunFilters> = {}): string {
  const qs = new URLSearchParams();
  for (const k of RUN_FILTERS) if (filters[k]) qs.set(k, filters[k]);
  const search = qs.toString();
  return `/admin/workflows/runs${search ? `?${search}` : ""}`;
}
