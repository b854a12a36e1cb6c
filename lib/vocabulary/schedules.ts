// A schedule's statuses, frequencies and weekdays: pure, so the console's form offers the same ones
// the API checks.
export const scheduleStatuses = ["active", "paused"] as const;
export type ScheduleStatus = (typeof scheduleStatuses)[number];
export const scheduleFrequencies = ["daily", "weekly", "monthly"] as const;
export type ScheduleFrequency = (typeof scheduleFrequencies)[number];
export const scheduleWeekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type ScheduleWeekday = (typeof scheduleWeekdays)[number];
