// `npm run db:seed`: first-start data (tenant, admin, bootstrap key) plus the demo accounts, once.
import nextEnv from "@next/env";
import { bootstrap } from "@/lib/bootstrap";
import { openDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { ensureDevSecrets, env, EnvError } from "@/lib/env";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production", {
  info: () => {},
  error: console.error,
});
try {
  ensureDevSecrets();
  const e = { ...env(), SEED_DEMO: true };
  const database = openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR, poolMax: 1 });
  await migrate(database);
  const result = await bootstrap(database.db, e);
  await database.close();
  console.log(result.demoCreatedNow ? "Demo data seeded." : "Demo data was already there; nothing changed.");
} catch (err) {
  console.error(err instanceof EnvError ? err.message : `Seeding failed: ${(err as Error).message}`);
  process.exit(1);
}
