import { getTranslations } from "next-intl/server";
import { signOut } from "@/lib/auth/next-auth";

// A form posting to a server action: sign-out works without client JavaScript and is not a GET
// that a prefetch or an <img> could trigger.
export async function SignOutButton() {
  const t = await getTranslations("auth");
  return (
    <form
      action={async () => {
        "use server";
        await signOut({ redirectTo: "/login" });
      }}
    >
      <button
        type="submit"
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700"
      >
        {t("signOut")}
      </button>
    </form>
  );
}
