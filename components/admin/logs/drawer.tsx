"use client";
// A side panel on the native <dialog> (modal: focus is trapped, Escape closes, the page is inert).
import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { useModalDialog } from "@/components/ui/dialog";

export function Drawer({
  open,
  onClose,
  title,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children?: ReactNode;
}) {
  const t = useTranslations("console.actions");
  const dialog = useModalDialog(open, onClose);
  return (
    <dialog
      {...dialog}
      aria-labelledby="drawer-title"
      className="my-0 mr-0 ml-auto h-dvh max-h-dvh w-[min(40rem,100vw)] max-w-none overflow-y-auto bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/40 dark:bg-slate-900 dark:text-slate-100"
    >
      {open ? (
        <div className="flex flex-col gap-4 p-5">
          <div className="flex items-start justify-between gap-4">
            <h2 id="drawer-title" className="text-lg font-semibold break-words">
              {title}
            </h2>
            <Button variant="ghost" size="sm" onClick={onClose} aria-label={t("close")}>
              <X className="size-4" aria-hidden />
            </Button>
          </div>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
