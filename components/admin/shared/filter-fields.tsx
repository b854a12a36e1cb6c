// The labelled filter controls of the console's log pages (send log, audit log): a select whose
// first option is "Any" (an empty value, left out of the query), and a text or date input.
import { useTranslations } from "next-intl";
import type { InputHTMLAttributes, ReactNode } from "react";
import { Field, Input, Select } from "@/components/ui/field";

export function FilterSelect({
  label,
  value,
  options,
  optionLabel = (o) => o,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  /** How an option reads (a status in the console's language); the value itself by default. */
  optionLabel?: (option: string) => string;
  onChange: (value: string) => void;
}) {
  const t = useTranslations("console.states");
  return (
    <Field label={label}>
      {(p) => (
        <Select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t("any")}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {optionLabel(o)}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

export function FilterInput({
  label,
  hint,
  value,
  onChange,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> & {
  label: string;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label} hint={hint}>
      {(p) => <Input {...rest} {...p} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}
