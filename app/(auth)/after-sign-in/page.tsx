// Where a sign-in without a requested page lands: decided here because the role is only known once
// the session cookie exists.
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/guards";

export default async function AfterSignInPage(): Promise<never> {
  const session = await currentSession();
  if (!session) redirect("/login");
  redirect(session.user.role === "admin" ? "/admin" : "/inbox");
}
