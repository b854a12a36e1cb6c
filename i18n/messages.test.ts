// The catalogue is complete: every locale has every area's file with the same keys, none empty.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultLocale, locales } from "@/lib/vocabulary/locale";
import { namespaces } from "./messages";

const root = path.resolve(import.meta.dirname, "../messages");

function read(locale: string, file: string): unknown {
  return JSON.parse(readFileSync(path.join(root, locale, file), "utf8"));
}

/** "a.b.c" → value for each leaf; a non-string leaf or an empty string is reported as such. */
function leaves(value: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value))
      for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  } else out.set(prefix, value);
  return out;
}

/** The {placeholders} and <tags> a message uses: a translation must keep them all. */
function argumentsOf(message: string): string[] {
  const names = [...message.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]!);
  const tags = [...message.matchAll(/<(\w+)>/g)].map((m) => `<${m[1]}>`);
  return [...new Set([...names, ...tags])].sort();
}

describe("messages", () => {
  it("has one file per area in every locale, and loads exactly those areas", () => {
    for (const locale of locales)
      expect(readdirSync(path.join(root, locale)).sort()).toEqual(namespaces.map((n) => `${n}.json`).sort());
  });

  for (const ns of namespaces)
    it(`${ns}: every key exists in every locale with a non-empty text keeping the same arguments`, () => {
      const base = leaves(read(defaultLocale, `${ns}.json`));
      for (const locale of locales) {
        const other = leaves(read(locale, `${ns}.json`));
        const missing = [...base.keys()].filter((k) => !other.has(k));
        const extra = [...other.keys()].filter((k) => !base.has(k));
        expect({ locale, missing, extra }).toEqual({ locale, missing: [], extra: [] });
        for (const [key, value] of other) {
          expect(typeof value === "string" && value.trim() !== "", `${locale} ${ns}.${key} is empty`).toBe(
            true,
          );
          expect(argumentsOf(value as string), `${locale} ${ns}.${key}`).toEqual(
            argumentsOf(base.get(key) as string),
          );
        }
      }
    });
});
