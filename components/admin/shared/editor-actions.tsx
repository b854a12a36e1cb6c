"use client";
// What the console's editors do alike on save: the save button, and a refused save's feedback
// (each field error under its input, the message as a toast).
import { Save } from "lucide-react";
import type { FieldValues, UseFormSetError } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { setApiErrors } from "./form-errors";

export function SaveButton({
  pending,
  dirty,
  createLabel,
  isNew,
  onSave,
}: {
  pending: boolean;
  dirty: boolean;
  /** The label before the first save, e.g. "Create workflow". */
  createLabel: string;
  isNew: boolean;
  onSave: () => void;
}) {
  return (
    <Button variant="primary" onClick={onSave} disabled={pending || !dirty} title="Ctrl+S">
      <Save className="size-4" aria-hidden />
      {pending ? "Saving…" : isNew ? createLabel : "Save"}
    </Button>
  );
}

/** A save the API refused: its field errors on the form, its message as a toast. */
export const saveFailed =
  <V extends FieldValues>(setError: UseFormSetError<V>) =>
  (err: unknown) => {
    setApiErrors(err, setError);
    toast.error(err instanceof Error ? err.message : "Save failed");
  };

/** A save the browser's check stopped. */
export const notSaved = () => {
  toast.error("Not saved: check the highlighted fields");
};
