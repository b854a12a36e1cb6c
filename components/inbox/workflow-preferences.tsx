"use client";
// The settings page's Workflows section: a switch per category and per workflow, and the channels
// each workflow uses; critical workflows are shown but cannot be switched off. Saved through the
// preferences PUT, which replaces the `workflows` and `categories` maps: the form sends both whole.
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery, type UseMutationResult } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { Button, focusRing } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/misc";
import {
  effectiveChoice,
  groupByCategory,
  isCategoryEnabled,
  setCategoryEnabled,
  setWorkflowChannels,
  setWorkflowEnabled,
  type Choices,
} from "@/lib/preferences/choices";
import { preferencesUpdateSchema } from "@/lib/preferences/schema";
import type { ChoosableWorkflowJson, PreferencesJson, PreferencesUpdate } from "./api";
import { inboxKeys } from "./cache";
import { useInbox } from "./inbox-context";
import { LoadingBlocks } from "./notification-parts";

type Save = UseMutationResult<PreferencesJson, Error, PreferencesUpdate>;

const choicesSchema = preferencesUpdateSchema.pick({ workflows: true, categories: true });

/** "account.security" → "Account security": categories are keys, the page shows words. */
const categoryLabel = (category: string) => {
  const words = category.replace(/[._-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A map's own error (e.g. too many entries); an entry's error sits under its key, not here. */
const messageOf = (error: unknown) =>
  error && typeof error === "object" && "message" in error && typeof error.message === "string"
    ? error.message
    : undefined;

export function WorkflowPreferences({ prefs, save }: { prefs: PreferencesJson; save: Save }) {
  const { api } = useInbox();
  const t = useTranslations("settings.workflows");
  const query = useQuery({
    queryKey: inboxKeys.preferenceWorkflows,
    queryFn: () => api.preferenceWorkflows(),
  });
  if (query.isPending) return <LoadingBlocks label={t("loading")} heights={["h-24"]} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">{t("none")}</p>;
  // Keyed by the saved version: a save (here or in another tab) resets the form to it.
  return <ChoicesForm key={prefs.updated_at ?? "defaults"} offered={query.data} prefs={prefs} save={save} />;
}

function ChoicesForm({
  offered,
  prefs,
  save,
}: {
  offered: ChoosableWorkflowJson[];
  prefs: PreferencesJson;
  save: Save;
}) {
  const t = useTranslations("settings.workflows");
  const form = useForm({
    defaultValues: { workflows: prefs.workflows, categories: prefs.categories },
    resolver: zodResolver(choicesSchema),
  });
  // Every value is set whole through setValue: nothing here is partial.
  const watched = useWatch({ control: form.control }) as Partial<Choices>;
  const choices: Choices = { workflows: watched.workflows ?? {}, categories: watched.categories ?? {} };
  const change = (next: Choices) => {
    form.setValue("workflows", next.workflows, { shouldDirty: true });
    form.setValue("categories", next.categories, { shouldDirty: true });
  };
  const groups = useMemo(() => groupByCategory(offered), [offered]);
  // On, but with every channel unchecked: the user most likely meant to switch it off.
  const withoutChannels = offered.filter((w) => {
    const e = effectiveChoice(choices, w);
    return e.enabled && e.channels.length === 0;
  });
  const { errors } = form.formState;
  const schemaError =
    messageOf(errors.workflows) ??
    messageOf(errors.categories) ??
    (errors.workflows || errors.categories ? t("cannotSave") : undefined);

  const submit = form.handleSubmit((values) => {
    if (withoutChannels.length > 0) return;
    save.mutate(
      // Both maps whole, entries for workflows not listed here included: the PUT replaces them.
      { workflows: values.workflows ?? {}, categories: values.categories ?? {} },
      { onSuccess: () => toast.success(t("saved")) },
    );
  });

  return (
    <form className="flex flex-col gap-4" onSubmit={(e) => void submit(e)} noValidate>
      {groups.map(({ category, workflows }) => (
        <CategoryGroup
          key={category ?? ""}
          category={category}
          workflows={workflows}
          choices={choices}
          onChange={change}
        />
      ))}
      {schemaError || withoutChannels.length > 0 ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {schemaError ??
            t("withoutChannels", { names: withoutChannels.map((w) => w.name).join(t("listSeparator")) })}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={save.isPending || !form.formState.isDirty}>
          {save.isPending ? t("saving") : t("save")}
        </Button>
      </div>
    </form>
  );
}

const switchClass = cn("size-4 accent-brand", focusRing);

function CategoryGroup({
  category,
  workflows,
  choices,
  onChange,
}: {
  category: string | null;
  workflows: ChoosableWorkflowJson[];
  choices: Choices;
  onChange: (next: Choices) => void;
}) {
  const t = useTranslations("settings.workflows");
  const id = useId();
  const label = category ? categoryLabel(category) : t("other");
  const allCritical = workflows.every((w) => w.critical);
  return (
    <fieldset className="flex flex-col gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <legend className="px-1 text-sm font-semibold">{label}</legend>
      {category ? (
        <label className="flex items-center gap-2 text-sm" htmlFor={`${id}-all`}>
          <input
            id={`${id}-all`}
            type="checkbox"
            role="switch"
            checked={allCritical || isCategoryEnabled(choices, category)}
            disabled={allCritical}
            aria-describedby={allCritical ? `${id}-critical` : undefined}
            onChange={(e) => onChange(setCategoryEnabled(choices, category, workflows, e.target.checked))}
            className={switchClass}
          />
          {t("everythingIn", { category: label })}
          {allCritical ? (
            <span id={`${id}-critical`} className="text-xs text-slate-500 dark:text-slate-400">
              {t("alwaysSent")}
            </span>
          ) : null}
        </label>
      ) : null}
      <ul className="flex flex-col divide-y divide-slate-100 dark:divide-slate-800">
        {workflows.map((w) => (
          <WorkflowRow key={w.key} workflow={w} choices={choices} onChange={onChange} />
        ))}
      </ul>
    </fieldset>
  );
}

function WorkflowRow({
  workflow: w,
  choices,
  onChange,
}: {
  workflow: ChoosableWorkflowJson;
  choices: Choices;
  onChange: (next: Choices) => void;
}) {
  const t = useTranslations("settings");
  const id = useId();
  const current = effectiveChoice(choices, w);
  const described = [w.description ? `${id}-description` : null, w.critical ? `${id}-critical` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <li className="flex flex-col gap-1 py-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
      <div className="flex items-start gap-2">
        <input
          id={`${id}-switch`}
          type="checkbox"
          role="switch"
          checked={current.enabled}
          disabled={w.critical}
          aria-describedby={described || undefined}
          onChange={(e) => onChange(setWorkflowEnabled(choices, w, e.target.checked))}
          className={cn(switchClass, "mt-0.5")}
        />
        <div className="text-sm">
          <label htmlFor={`${id}-switch`} className="font-medium">
            {w.name}
          </label>
          {w.description ? (
            <p id={`${id}-description`} className="text-slate-600 dark:text-slate-400">
              {w.description}
            </p>
          ) : null}
          {w.critical ? (
            <p id={`${id}-critical`} className="text-xs text-slate-500 dark:text-slate-400">
              {t("workflows.critical")}
            </p>
          ) : null}
        </div>
      </div>
      <CheckboxGroup
        legend={<span className="sr-only">{t("workflows.channelsFor", { name: w.name })}</span>}
        options={w.channels}
        value={current.channels}
        disabled={w.critical || !current.enabled}
        onChange={(channels) => onChange(setWorkflowChannels(choices, w, channels))}
        label={(c) => t(`channelNames.${c}`)}
        className="sm:shrink-0"
      />
    </li>
  );
}
