// The translated areas show no text that bypasses the catalogue: no JSX text with letters, no literal
// in a visible attribute (aria-label, title, alt, placeholder, label) or a toast. Data (a notification's
// title) and class names are expressions, so they pass; the few brand words are allowed by name.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

/** The areas this catalogue covers: the end user's pages, the console, and the public pages. */
const TRANSLATED = [
  "components/inbox",
  "components/auth",
  "components/ui/misc.tsx",
  "components/ui/load-more.tsx",
  "app/(auth)",
  "app/(inbox)",
  "app/embed",
  "app/page.tsx",
  "app/forbidden.tsx",
  "app/u",
  "app/t",
  "app/admin/layout.tsx",
  "app/admin/page.tsx",
  "app/admin/templates",
  "app/admin/send",
  "app/admin/logs",
  "app/admin/audit",
  "app/admin/outbox",
  "components/admin/admin-nav.tsx",
  "components/admin/shared",
  "components/admin/dashboard",
  "components/admin/templates",
  "components/admin/send",
  "components/admin/logs",
  "components/admin/audit",
  "components/admin/outbox",
  ...[
    "workflows",
    "integrations",
    "announcements",
    "schedules",
    "webhooks",
    "topics",
    "users",
    "api-keys",
    "chat-targets",
  ].flatMap((area) => [`components/admin/${area}`, `app/admin/${area}`]),
];

/** Words that read the same in every language. */
const ALLOWED = new Set(["Herald"]);

const VISIBLE_ATTRIBUTES = new Set(["aria-label", "title", "alt", "placeholder", "label", "allLabel"]);
const TOASTS = /^(toast(\.\w+)?|toastFailed)$/;

function files(entry: string): string[] {
  const full = path.join(root, entry);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".tsx") || (f.endsWith(".ts") && !f.endsWith(".test.ts")))
    .filter((f) => !f.endsWith(".test.tsx"))
    .map((f) => path.join(full, f));
}

const hasWords = (text: string) => /\p{L}{2,}/u.test(text) && !ALLOWED.has(text.trim());

/** The string literals an expression can evaluate to directly (a ?: b, a ?? b, a || b included). */
function literals(node: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node))
    return [node];
  if (ts.isParenthesizedExpression(node)) return literals(node.expression);
  if (ts.isConditionalExpression(node)) return [...literals(node.whenTrue), ...literals(node.whenFalse)];
  if (
    ts.isBinaryExpression(node) &&
    [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)
  )
    return literals(node.right);
  return [];
}

function textOf(node: ts.Node, source: ts.SourceFile): string {
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(" ");
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return node.getText(source);
}

/** A <style> element's CSS is not text anyone reads. */
const isStyle = (node: ts.Node) => ts.isJsxElement(node) && node.openingElement.tagName.getText() === "style";

function hardCodedTexts(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    if (!hasWords(text)) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${path.relative(root, file)}:${line + 1}: ${text.trim().replace(/\s+/g, " ")}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (
      ts.isJsxExpression(node) &&
      node.expression &&
      !ts.isJsxAttribute(node.parent) &&
      !isStyle(node.parent)
    )
      for (const lit of literals(node.expression)) report(lit, textOf(lit, source));
    else if (
      ts.isJsxAttribute(node) &&
      VISIBLE_ATTRIBUTES.has(node.name.getText(source)) &&
      node.initializer
    ) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) report(init, init.text);
      else if (ts.isJsxExpression(init) && init.expression)
        for (const lit of literals(init.expression)) report(lit, textOf(lit, source));
    } else if (ts.isCallExpression(node) && TOASTS.test(node.expression.getText(source)) && node.arguments[0])
      for (const lit of literals(node.arguments[0])) report(lit, textOf(lit, source));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("translated components", () => {
  it("keep every user-visible text in the message catalogue", () => {
    expect(TRANSLATED.flatMap(files).flatMap((f) => hardCodedTexts(f))).toEqual([]);
  });

  it("catch a hard-coded text (the check itself works)", () => {
    const probe = `export const A = () => (
      <p title="Hello there" className="text-sm">
        Caught up {x ? "Yes sir" : t("ok")} {toast.error("Could not save")} {n.title} Herald
      </p>
    );`;
    expect(hardCodedTexts(path.join(root, "probe.tsx"), probe).map((f) => f.replace(/^.*: /, ""))).toEqual([
      "Hello there",
      "Caught up",
      "Yes sir",
      "Could not save",
    ]);
  });
});
