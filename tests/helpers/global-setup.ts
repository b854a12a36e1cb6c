// Once per integration run: one migrated database to copy from, so each file's fresh database is a
// copy instead of every migration run again (a PGlite dump file, or a PostgreSQL template database).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createEmptyPostgresDatabase } from "./db";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string | null;
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide("pgliteTemplate", null);
  project.provide("postgresTemplate", null);
  if (process.env.TEST_DATABASE_URL) {
    const template = await createEmptyPostgresDatabase(undefined, "herald_template");
    const database = openDatabase({ url: template.url, poolMax: 1 });
    await migrate(database);
    // A template must have no open connections while it is copied.
    await database.close();
    project.provide("postgresTemplate", template.name);
    return () => template.drop();
  }
  const database = openDatabase({ pgliteDir: "memory://" });
  await migrate(database);
  const dump = await database.pglite!.dumpDataDir("none");
  await database.close();
  const dir = mkdtempSync(path.join(tmpdir(), "herald-test-template-"));
  const file = path.join(dir, "pglite.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return async () => rmSync(dir, { recursive: true, force: true });
}
