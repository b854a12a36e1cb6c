"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { signInWithPassword, type SignInState } from "./actions";

const input =
  "rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand focus:outline-none focus:ring-2 focus:ring-brand/30";

export function LoginForm({
  callbackUrl,
  tenant,
  initialError,
}: {
  callbackUrl: string;
  tenant: string;
  initialError?: string;
}) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithPassword, {
    error: initialError,
  });
  return (
    <form action={action} className="flex flex-col gap-4">
      {state.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <input type="hidden" name="tenant" value={tenant} />
      <label className="flex flex-col gap-1 text-sm font-medium">
        {t("email")}
        {/* React resets the form after each action; defaultValue brings the typed email back. */}
        <input
          name="email"
          type="email"
          required
          autoComplete="username"
          defaultValue={state.email}
          className={input}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        {t("password")}
        <input name="password" type="password" required autoComplete="current-password" className={input} />
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60"
      >
        {t("submit")}
      </button>
    </form>
  );
}
