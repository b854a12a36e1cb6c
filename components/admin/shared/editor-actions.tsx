"use client";
// What the console's editors do alike on save: the save button, and a refused save's feedback
// (each field error under its input, the message as a toast).
import { Save } from "lucide-react";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("console.actions");
  const editor = useTranslations("console.editor");
  return (
    <Button variant="primary" onClick={onSave} disabled={pending || !dirty} title={editor("shortcut")}>
      <Save className="size-4" aria-hidden />
      {pending ? t("saving") : isNew ? createLabel : t("save")}
    </Button>
  );
}

/** A toast's text from the console's catalogue: sonner renders it inside the intl provider. */
function EditorMessage({ id }: { id: "saveFailed" | "notSaved" }) {
  return useTranslations("console.editor")(id);
}

/** A save the API refused: its field errors on the form, its message as a toast. */
export const saveFailed =
  <V extends FieldValues>(setError: UseFormSetError<V>) =>
  (err: unknown) => {
    setApiErrors(err, setError);
    toast.error(err instanceof Error ? err.message : <EditorMessage id="saveFailed" />);
  };

/** A save the browser's check stopped. */
export const notSaved = () => {
  toast.error(<EditorMessage id="notSaved" />);
};
