"use client";
// Who an announcement is for: everyone, named users (found by search or pasted), or roles.
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { UserSearch } from "@/components/admin/shared/user-search";
import { parsePastedIds } from "@/components/admin/shared/recipients";
import { Button } from "@/components/ui/button";
import { Chips } from "@/components/ui/chips";
import { Input } from "@/components/ui/field";
import { userRoles } from "@/lib/vocabulary/enums";
import type { Audience } from "./model";

type Kind = "all" | "user_ids" | "roles";
const kindOf = (a: Audience): Kind => ("user_ids" in a ? "user_ids" : "roles" in a ? "roles" : "all");

export function AudiencePicker({
  value,
  onChange,
  disabled,
  error,
}: {
  value: Audience;
  onChange: (a: Audience) => void;
  disabled?: boolean;
  error?: string;
}) {
  const t = useTranslations("announcements.audience");
  const kind = kindOf(value);
  // Each kind keeps what was chosen for it, so switching back and forth loses nothing.
  const [userIds, setUserIds] = useState<string[]>("user_ids" in value ? value.user_ids : []);
  const [roles, setRoles] = useState<string[]>("roles" in value ? value.roles : ["user"]);
  const [pasted, setPasted] = useState("");
  const chosen = useMemo(() => new Set(userIds), [userIds]);
  const setUsers = (ids: string[]) => {
    setUserIds(ids);
    onChange({ user_ids: ids });
  };
  const choose = (k: Kind) => {
    if (k === "all") onChange({ all: true });
    else if (k === "user_ids") onChange({ user_ids: userIds });
    else onChange({ roles });
  };
  const pastedIds = parsePastedIds(pasted, chosen);

  return (
    <fieldset disabled={disabled} className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-medium">{t("legend")}</legend>
      <div className="flex flex-wrap gap-4 text-sm">
        {(
          [
            ["all", t("everyone")],
            ["user_ids", t("specificUsers")],
            ["roles", t("rolesOption")],
          ] as const
        ).map(([k, label]) => (
          <label key={k} className="inline-flex items-center gap-1.5">
            <input
              type="radio"
              name="audience-kind"
              className="size-4 accent-brand"
              checked={kind === k}
              onChange={() => choose(k)}
            />
            {label}
          </label>
        ))}
      </div>
      {kind === "user_ids" ? (
        <div className="flex flex-col gap-2">
          <UserSearch
            label={t("addUsers")}
            chosen={chosen}
            onPick={(u) => setUsers([...userIds, u.user_id])}
          />
          <div className="flex items-end gap-2">
            <Input
              aria-label={t("pasteLabel")}
              placeholder={t("pastePlaceholder")}
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
            />
            <Button
              size="sm"
              disabled={pastedIds.ids.length === 0}
              onClick={() => {
                setUsers([...userIds, ...pastedIds.ids]);
                setPasted("");
              }}
            >
              {pastedIds.ids.length ? t("addCount", { count: pastedIds.ids.length }) : t("add")}
            </Button>
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-300" aria-live="polite">
            {t("chosen", { count: userIds.length })}
          </p>
          {userIds.length > 0 ? (
            <Chips
              label={t("chosenLabel")}
              values={userIds}
              onRemove={(id) => setUsers(userIds.filter((x) => x !== id))}
            />
          ) : null}
        </div>
      ) : null}
      {kind === "roles" ? (
        <CheckboxGroup
          options={userRoles}
          value={roles}
          onChange={(next) => {
            setRoles(next);
            onChange({ roles: next });
          }}
          label={(r) => (r === "admin" ? t("admins") : t("users"))}
        />
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
