// The settings page's per-workflow and per-category choices as pure functions over the saved maps
// (browser-safe): what each toggle shows, read with the send path's own rule (workflowChoice), and
// the maps a change writes. The PUT replaces both maps, so every function returns them whole.
import type { WorkflowChoice } from "../db/schema/preferences";
import type { NotificationChannel } from "../vocabulary/enums";
import { DEFAULT_PREFERENCES, workflowChoice } from "./decide";

export type Choices = {
  workflows: Record<string, WorkflowChoice>;
  categories: Record<string, WorkflowChoice>;
};

/** A workflow as the preferences page offers it (GET /api/v1/preferences/workflows). */
export type OfferedWorkflow = {
  key: string;
  category: string | null;
  critical: boolean;
  /** The channels its steps send on. */
  channels: NotificationChannel[];
};

export type Effective = { enabled: boolean; channels: NotificationChannel[] };

/** Consecutive workflows of one category together, in the order given (the API's). */
export function groupByCategory<W extends OfferedWorkflow>(
  list: readonly W[],
): { category: string | null; workflows: W[] }[] {
  const groups = new Map<string | null, W[]>();
  for (const w of list) groups.set(w.category, [...(groups.get(w.category) ?? []), w]);
  return [...groups].map(([category, workflows]) => ({ category, workflows }));
}

/** What reaches the user from this workflow: a critical one everything, else the choice that applies. */
export function effectiveChoice(choices: Choices, w: OfferedWorkflow): Effective {
  if (w.critical) return { enabled: true, channels: w.channels };
  const choice = workflowChoice({ ...DEFAULT_PREFERENCES, ...choices }, w);
  const allowed = choice?.channels;
  return {
    enabled: choice?.enabled ?? true,
    channels: allowed ? w.channels.filter((c) => allowed.includes(c)) : w.channels,
  };
}

export const isCategoryEnabled = (choices: Choices, category: string) =>
  choices.categories[category]?.enabled ?? true;

/** A workflow's own entry; a list naming every channel it uses is left out, so a step added later is on too. */
function entry(w: OfferedWorkflow, enabled: boolean, channels: NotificationChannel[]): WorkflowChoice {
  const all = w.channels.every((c) => channels.includes(c));
  return all ? { enabled } : { enabled, channels: w.channels.filter((c) => channels.includes(c)) };
}

export function setWorkflowEnabled(choices: Choices, w: OfferedWorkflow, enabled: boolean): Choices {
  const { channels } = effectiveChoice(choices, w);
  return { ...choices, workflows: { ...choices.workflows, [w.key]: entry(w, enabled, channels) } };
}

export function setWorkflowChannels(
  choices: Choices,
  w: OfferedWorkflow,
  channels: NotificationChannel[],
): Choices {
  const { enabled } = effectiveChoice(choices, w);
  return { ...choices, workflows: { ...choices.workflows, [w.key]: entry(w, enabled, channels) } };
}

/**
 * Turns a category on or off. A workflow's own entry wins over its category's, so the entries of
 * the category's workflows follow the new value (keeping their channels): the switch covers them all.
 */
export function setCategoryEnabled(
  choices: Choices,
  category: string,
  members: readonly OfferedWorkflow[],
  enabled: boolean,
): Choices {
  const workflows = { ...choices.workflows };
  for (const w of members) {
    const own = workflows[w.key];
    if (own && w.category === category) workflows[w.key] = { ...own, enabled };
  }
  return {
    workflows,
    categories: { ...choices.categories, [category]: { ...choices.categories[category], enabled } },
  };
}
