// `npm run bench` runs every benchmark; `npm run bench -- fanout reads` runs the ones named.
// Each prints its figures (and the physical reference measured in the same run); none asserts a time.
import { spawnSync } from "node:child_process";
import path from "node:path";

const all = [
  "fanout",
  "single-send",
  "reads",
  "realtime",
  "realtime-capacity",
  "template-send",
  "email-queue",
  "announcements",
  "workflows",
];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`Unknown benchmark "${name}". Known: ${all.join(", ")}`);
    process.exit(1);
  }
  console.log(`\n=== ${name} ===`);
  const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");
  const r = spawnSync(tsx, [path.join(import.meta.dirname, `${name}.ts`)], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
