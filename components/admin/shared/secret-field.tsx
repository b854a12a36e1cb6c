"use client";
// A secret shown once (an API key, a webhook signing secret): read-only, selected on focus, with a
// copy button that says whether the clipboard took it, in a dialog that says it will not be shown again.
import { Copy } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";

export function SecretField({ label, value, noun }: { label: string; value: string; noun: string }) {
  const t = useTranslations("console");
  return (
    <Field label={label}>
      {(p) => (
        <div className="flex gap-2">
          <Input {...p} readOnly value={value} className="font-mono" onFocus={(e) => e.target.select()} />
          <Button
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(value);
                toast.success(t("secret.copied", { noun: `${noun[0]!.toUpperCase()}${noun.slice(1)}` }));
              } catch {
                toast.error(t("secret.copyFailed", { noun }));
              }
            }}
          >
            <Copy className="size-4" aria-hidden /> {t("actions.copy")}
          </Button>
        </div>
      )}
    </Field>
  );
}

/** The dialog after a create or rotate: the secret (null: closed), why it matters, "I have stored it". */
export function SecretShownOnceDialog({
  secret,
  title,
  label,
  noun,
  note,
  onClose,
}: {
  secret: string | null;
  title: string;
  label: string;
  noun: string;
  /** What the secret is for, after "Copy it now: this is the only time Herald shows it." */
  note: ReactNode;
  onClose: () => void;
}) {
  const t = useTranslations("console.secret");
  return (
    <Dialog
      open={secret !== null}
      onClose={onClose}
      title={title}
      footer={
        <Button variant="primary" onClick={onClose}>
          {t("stored")}
        </Button>
      }
    >
      {secret !== null ? (
        <div className="flex flex-col gap-3">
          <p
            role="alert"
            className="rounded-md bg-amber-100 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            {t("onlyOnce")} {note}
          </p>
          <SecretField label={label} value={secret} noun={noun} />
        </div>
      ) : null}
    </Dialog>
  );
}
