import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentSession } from "@/lib/auth/guards";
import { oauthProviders } from "@/lib/auth/next-auth";
import { signInWithOAuth } from "./actions";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

// Auth.js sends its own failures (e.g. an OAuth account that is no Herald user) here as ?error=.
function errorMessage(params: SearchParams): string | undefined {
  const error = first(params.error);
  if (!error) return undefined;
  if (error === "CredentialsSignin")
    return first(params.code) === "rate_limited"
      ? "Too many attempts. Try again in a minute."
      : "Invalid email or password.";
  if (error === "AccessDenied") return "This account has no access to Herald.";
  return "Sign-in failed. Please try again.";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(first(params.callbackUrl) ?? first(params.next)) ?? "";
  if (await currentSession()) redirect(callbackUrl || "/after-sign-in");
  const providers = oauthProviders();
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">Sign in to Herald</h1>
        <p className="text-sm text-slate-600">The console for administrators, the inbox for everyone.</p>
      </div>
      <LoginForm
        callbackUrl={callbackUrl}
        tenant={first(params.tenant) ?? ""}
        initialError={errorMessage(params)}
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
                Continue with {p.name}
              </button>
            </form>
          ))}
        </div>
      ) : null}
    </main>
  );
}
