import type { Metadata } from "next";
import Link from "next/link";
import { SwaggerUi } from "./swagger-ui";

export const metadata: Metadata = { title: { absolute: "Herald API" } };

const SPEC_URL = "/api/v1/openapi.json";

// Swagger UI renders the title ("Herald API", version, OAS 3.1) itself: no heading of our own.
export default function DocsPage() {
  return (
    <main className="min-h-screen bg-white">
      <nav className="mx-auto max-w-[1460px] px-5 pt-4 text-sm">
        <Link href="/" className="font-medium text-brand hover:underline">
          ← Herald
        </Link>
      </nav>
      <noscript>
        <h1 className="px-5 pt-4 text-3xl font-bold">Herald API</h1>
        <p className="px-5 py-4">
          This reference needs JavaScript; the raw document is at <a href={SPEC_URL}>{SPEC_URL}</a>.
        </p>
      </noscript>
      <SwaggerUi url={SPEC_URL} />
    </main>
  );
}
