"use client";
// How a workflow's step types and run statuses read in the admin's language.
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { workflowRunStatuses, workflowStepStatuses, workflowTriggerStatuses } from "@/lib/vocabulary/enums";
import { STEP_TYPES, type StepType } from "./model";

/** A step type's name in the reader's language; an unknown type (from an API answer) as it is. */
export function useStepLabel(): (type: string) => string {
  const t = useTranslations("workflows.stepTypes");
  return useCallback(
    (type: string) => ((STEP_TYPES as readonly string[]).includes(type) ? t(type as StepType) : type),
    [t],
  );
}

/** Every status a run, a step or a trigger shows, and the two a step not yet executed shows. */
const STATUSES = [
  ...workflowRunStatuses,
  ...workflowStepStatuses,
  ...workflowTriggerStatuses,
  "pending",
  "not_run",
] as const;
type ShownStatus = (typeof STATUSES)[number];
const isShownStatus = (s: string): s is ShownStatus => (STATUSES as readonly string[]).includes(s);

/** A run's, step's or trigger's status in the reader's language; an unknown one as it is. */
export function useRunStatus(): (status: string) => string {
  const t = useTranslations("workflows.status");
  return useCallback((status: string) => (isShownStatus(status) ? t(status) : status), [t]);
}
