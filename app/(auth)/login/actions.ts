"use server";
// Sign-in form actions. Failures come back as a message for the form; success redirects (by throwing
// Next's redirect, which must not be caught here).
import { AuthError, CredentialsSignin } from "next-auth";
import { getTranslations } from "next-intl/server";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { oauthProviders, RATE_LIMITED, signIn } from "@/lib/auth/next-auth";

export type SignInState = { error?: string; email?: string };

// No requested page: /after-sign-in sends admins to the console and everyone else to the inbox.
function destination(form: FormData): string {
  return safeCallbackPath(form.get("callbackUrl")) ?? "/after-sign-in";
}

export async function signInWithPassword(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  const tenant = String(form.get("tenant") ?? "").trim();
  try {
    await signIn("credentials", {
      email,
      password: String(form.get("password") ?? ""),
      // Only when given: URLSearchParams would send an undefined tenant as the string "undefined".
      ...(tenant ? { tenant } : {}),
      redirectTo: destination(form),
    });
    return {};
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    const t = await getTranslations("auth");
    // Unknown email and wrong password read the same, so the form does not reveal who has an account.
    if (err instanceof CredentialsSignin)
      return { email, error: err.code === RATE_LIMITED ? t("errors.rateLimited") : t("errors.invalid") };
    return { email, error: t("errors.failed") };
  }
}

export async function signInWithOAuth(form: FormData): Promise<void> {
  const provider = form.get("provider");
  // Action endpoints are public: only a provider this deployment offers is accepted.
  const offered = oauthProviders().find((p) => p.id === provider);
  if (!offered) return;
  await signIn(offered.id, { redirectTo: destination(form) });
}
