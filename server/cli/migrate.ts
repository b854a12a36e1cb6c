// `npm run db:migrate`: apply the committed migrations to DATABASE_URL, or to the embedded database.
import nextEnv from "@next/env";
import { openDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { env, EnvError } from "@/lib/env";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production", {
  info: () => {},
  error: console.error,
});
try {
  const e = env();
  const database = openDatabase({ url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR, poolMax: 1 });
  await migrate(database);
  await database.close();
  console.log(`Migrations applied (${database.driver}).`);
} catch (err) {
  console.error(err instanceof EnvError ? err.message : `Migration failed: ${(err as Error).message}`);
  process.exit(1);
}
