"use client";
// A secret shown once (an API key, a webhook signing secret): read-only, selected on focus, with a
// copy button that says whether the clipboard took it.
import { Copy } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

export function SecretField({ label, value, noun }: { label: string; value: string; noun: string }) {
  return (
    <Field label={label}>
      {(p) => (
        <div className="flex gap-2">
          <Input {...p} readOnly value={value} className="font-mono" onFocus={(e) => e.target.select()} />
          <Button
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(value);
                toast.success(`${noun[0]!.toUpperCase()}${noun.slice(1)} copied`);
              } catch {
                toast.error(`Could not copy: select the ${noun} and copy it by hand`);
              }
            }}
          >
            <Copy className="size-4" aria-hidden /> Copy
          </Button>
        </div>
      )}
    </Field>
  );
}
