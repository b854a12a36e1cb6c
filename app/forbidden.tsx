import Link from "next/link";

// The 403 page rendered by forbidden(); today only the console raises it.
export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
      <p className="text-sm font-semibold text-brand">403</p>
      <h1 className="text-3xl font-semibold">Forbidden</h1>
      <p className="text-slate-600">
        Your account has no access to the console. It is for administrators only.
      </p>
      <Link href="/inbox" className="font-medium text-brand hover:text-brand-dark">
        Go to your inbox
      </Link>
    </main>
  );
}
