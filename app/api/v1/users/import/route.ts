import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { importUsers, readImportBody, userImportQuery } from "@/lib/users/import";

// The body is read here, not by the wrapper: it is CSV text (or JSON {csv}) of up to 2 MB.
export const POST = route({ auth: "admin", query: userImportQuery }, async ({ caller, query, req }) => {
  const csv = await readImportBody(req);
  const result = await importUsers(getDb(), caller.tenantId, csv, {
    dryRun: query.dry_run,
    actor: actorOf(caller),
  });
  const message = result.dry_run
    ? "Dry run: nothing was written"
    : `Imported: ${result.created} created, ${result.updated} updated`;
  return ok(result, message);
});
