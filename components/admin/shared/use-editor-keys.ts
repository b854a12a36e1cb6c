"use client";
// An editor's keyboard and leave guards: Ctrl/Cmd+S saves; leaving with unsaved changes asks first.
import { useEffect } from "react";

export function useEditorKeys(submit: () => unknown, guardLeave: boolean): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void submit();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [submit]);
  useEffect(() => {
    if (!guardLeave) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, [guardLeave]);
}
