// The send log's tab and filters as the URL holds them. No "use client": the server page reads the
// URL with it too (a function from a client module cannot be called on the server).
export type LogFilters = {
  channel: string;
  status: string;
  provider: string;
  user_id: string;
  template: string;
  from: string;
  to: string;
};

export const emptyFilters: LogFilters = {
  channel: "",
  status: "",
  provider: "",
  user_id: "",
  template: "",
  from: "",
  to: "",
};

export type LogsTab = "notifications" | "deliveries";
export const logsTabs = ["notifications", "deliveries"] as const satisfies readonly LogsTab[];
/** English names, for callers outside the translated console; translated pages use useLogsTabs(). */
export const LOGS_TAB_LABELS: Record<LogsTab, string> = {
  notifications: "Notifications",
  deliveries: "Deliveries",
};
/** The two tables as tab items (the logs page, a user's page). */
export const LOGS_TABS = logsTabs.map((value) => ({
  value,
  label: LOGS_TAB_LABELS[value],
}));
export type LogsState = { tab: LogsTab; filters: LogFilters };

/** Reads the tab and filters from a URL query (unknown keys are ignored). */
export function logsStateFrom(params: Record<string, string | string[] | undefined>): LogsState {
  const one = (k: string) => {
    const v = params[k];
    return typeof v === "string" ? v : "";
  };
  const filters = Object.fromEntries(Object.keys(emptyFilters).map((k) => [k, one(k)])) as LogFilters;
  return { tab: one("tab") === "deliveries" ? "deliveries" : "notifications", filters };
}
