import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentSession } from "@/lib/auth/guards";
import { oauthProviders } from "@/lib/auth/next-auth";
import { signInWithOAuth } from "./actions";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("title") };
}

type SearchParams = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

// Auth.js sends its own failures (e.g. an OAuth account that is no Herald user) here as ?error=.
function errorMessage(
  params: SearchParams,
  t: (key: "errors.rateLimited" | "errors.invalid" | "errors.noAccess" | "errors.failed") => string,
): string | undefined {
  const error = first(params.error);
  if (!error) return undefined;
  if (error === "CredentialsSignin")
    return first(params.code) === "rate_limited" ? t("errors.rateLimited") : t("errors.invalid");
  if (error === "AccessDenied") return t("errors.noAccess");
  return t("errors.failed");
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(first(params.callbackUrl) ?? first(params.next)) ?? "";
  if (await currentSession()) redirect(callbackUrl || "/after-sign-in");
  const providers = oauthProviders();
  const t = await getTranslations("auth");
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <p className="text-sm text-slate-600">{t("tagline")}</p>
      </div>
      <LoginForm
        callbackUrl={callbackUrl}
        tenant={first(params.tenant) ?? ""}
        initialError={errorMessage(params, t)}
      />
      {providers.length > 0 ? (
        <div className="flex flex-col gap-2 border-t border-slate-200 pt-4">
          {providers.map((p) => (
            <form key={p.id} action={signInWithOAuth}>
              <input type="hidden" name="provider" value={p.id} />
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <button
                type="submit"
                className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100"
              >
                {t("continueWith", { provider: p.name })}
              </button>
            </form>
          ))}
        </div>
      ) : null}
    </main>
  );
}
