// Step conditions (`if`): a small expression language (filtrex, compiled to a function over a data
// object, never eval of the author's text) over payload, user, actor, tenant, the digest and earlier steps.
import { compileExpression } from "filtrex";

/** What a condition reads. `steps.<id>` holds an earlier step's outcome. */
export type ConditionContext = {
  payload?: unknown;
  user?: unknown;
  actor?: unknown;
  tenant?: unknown;
  /** After a digest step: its count, events, first and last; null before one. */
  digest?: unknown;
  steps?: Record<
    string,
    { status?: string; notification?: { read?: boolean; seen?: boolean; archived?: boolean } }
  >;
};

/** An evaluation's answer: false with the reason when the expression could not be evaluated. */
export type ConditionResult = { value: boolean; error?: string };

export type CompiledCondition = {
  ok: true;
  /** The step ids it reads (`steps.<id>.…`), in order of first use. */
  steps: { id: string; field: "status" | "notification" }[];
  evaluate: (ctx: ConditionContext) => ConditionResult;
};
export type ConditionErrors = { ok: false; errors: string[] };

export const MAX_CONDITION_LENGTH = 1000;

export const CONDITION_ROOTS = ["payload", "user", "actor", "tenant", "digest", "steps"] as const;
const ROOTS = new Set<string>(CONDITION_ROOTS);
const CONSTANTS = { true: true, false: false, null: null };
/** filtrex's own functions; any other name called is refused at compile time. */
const FUNCTIONS = new Set([
  "abs",
  "ceil",
  "floor",
  "log",
  "log2",
  "log10",
  "max",
  "min",
  "round",
  "sqrt",
  "exists",
  "empty",
]);
const KEYWORDS = new Set(["and", "or", "not", "in", "of", "if", "then", "else", "mod"]);
/** Names that reach an object's prototype: never a property, whatever the data holds. */
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);
const NOTIFICATION_FIELDS = new Set(["read", "seen", "archived"]);

// The lexer's view of the source, as filtrex's own: strings, quoted symbols, symbols, operators.
const TOKEN = /"(?:\\"|\\\\|[^"\\])*"|'(?:\\'|\\\\|[^'\\])*'|[a-zA-Z$_][.a-zA-Z0-9$_]*|~=|\S/g;

/** Reads a dotted path over own properties of plain objects and arrays only; missing is undefined. */
function readPath(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split(".")) {
    if (FORBIDDEN.has(key) || value === null || typeof value !== "object") return undefined;
    if (
      !Array.isArray(value) &&
      Object.getPrototypeOf(value) !== Object.prototype &&
      Object.getPrototypeOf(value) !== null
    )
      return undefined;
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const missing = (v: unknown) => v === undefined || v === null;
/** Orders numbers with numbers and text with text; anything else (a missing value) is not ordered. */
const ordered =
  (cmp: (a: number | string, b: number | string) => boolean) =>
  (a: unknown, b: unknown): boolean =>
    (typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string")
      ? cmp(a, b)
      : false;

const OPERATORS = {
  // A missing value equals null and nothing else.
  "==": (a: unknown, b: unknown) => (missing(a) && missing(b)) || a === b,
  "!=": (a: unknown, b: unknown) => !((missing(a) && missing(b)) || a === b),
  "<": ordered((a, b) => a < b),
  "<=": ordered((a, b) => a <= b),
  ">": ordered((a, b) => a > b),
  ">=": ordered((a, b) => a >= b),
  // Refused at compile time (an author's regular expression could run for ever); never reached.
  "~=": () => false,
};

/** filtrex's parse error ("Parse error on line 1:\n<context>\n---^\nExpecting …, got 'X'") in one line. */
function describeParseError(source: string, message: string): string {
  const lines = message.split("\n");
  const got = /got '([^']+)'/.exec(lines[3] ?? "")?.[1];
  const name: Record<string, string> = {
    EndOfExpression: "the end of the expression",
    Symbol: "a name",
    Number: "a number",
    String: "a string",
  };
  const what = got ? `unexpected ${name[got] ?? `'${got}'`}` : "does not parse";
  let context = lines[1] ?? "";
  let offset = (lines[2] ?? "").indexOf("^");
  if (context.startsWith("...")) {
    context = context.slice(3);
    offset -= 3;
  }
  const at = source.indexOf(context.replace(/\.\.\.$/, ""));
  return offset >= 0 && at >= 0
    ? `syntax error at column ${at + offset + 1}: ${what}`
    : `syntax error: ${what}`;
}

/** Checks what the expression names: data roots, step fields, known functions; no `of`, no `~=`. */
function checkNames(source: string): { errors: string[]; steps: CompiledCondition["steps"] } {
  const errors: string[] = [];
  const steps: CompiledCondition["steps"] = [];
  const tokens = [...source.matchAll(TOKEN)].map((m) => m[0]);
  tokens.forEach((token, i) => {
    if (token === "~=") return errors.push("the ~= (regular expression) operator is not available");
    if (token.startsWith('"')) return;
    const quoted = token.startsWith("'");
    if (!quoted && !/^[a-zA-Z$_]/.test(token)) return;
    const name = quoted ? token.slice(1, -1).replace(/\\(.)/g, "$1") : token;
    if (!quoted && KEYWORDS.has(name)) {
      if (name === "of") errors.push("`of` is not available: write a dotted path like payload.order.id");
      return;
    }
    if (!quoted && tokens[i + 1] === "(") {
      if (!FUNCTIONS.has(name)) errors.push(`unknown function ${name}()`);
      return;
    }
    if (!quoted && name in CONSTANTS) return;
    const parts = name.split(".");
    if (parts.some((p) => FORBIDDEN.has(p)))
      return errors.push(`${name}: ${parts.find((p) => FORBIDDEN.has(p))} cannot be read`);
    if (parts.some((p) => p === "")) return errors.push(`${name} is not a path`);
    if (!ROOTS.has(parts[0]!))
      return errors.push(
        `unknown name ${name}: conditions read ${CONDITION_ROOTS.join(", ")} (and true, false, null)`,
      );
    if (parts[0] !== "steps") return;
    const [, id, field, sub, ...rest] = parts;
    const statusRef = field === "status" && sub === undefined;
    const notificationRef =
      field === "notification" && sub !== undefined && NOTIFICATION_FIELDS.has(sub) && rest.length === 0;
    if (!id || !(statusRef || notificationRef))
      return errors.push(
        `${name}: a step is read as steps.<id>.status or steps.<id>.notification.read|seen|archived`,
      );
    if (!steps.some((s) => s.id === id && s.field === field))
      steps.push({ id, field: field as "status" | "notification" });
  });
  return { errors, steps };
}

export type ConditionCheck = { ok: true; steps: CompiledCondition["steps"] } | ConditionErrors;

type Compiled =
  { ok: true; fn: ((data: unknown) => unknown) | null; steps: CompiledCondition["steps"] } | ConditionErrors;

function compile(source: string): Compiled {
  if (source.trim() === "") return { ok: false, errors: ["must not be empty"] };
  if (source.length > MAX_CONDITION_LENGTH)
    return { ok: false, errors: [`must be at most ${MAX_CONDITION_LENGTH} characters`] };
  let fn: ((data: unknown) => unknown) | null;
  try {
    fn = compileExpression(source, {
      constants: CONSTANTS,
      operators: OPERATORS,
      customProp: (name, _get, obj) => readPath(obj, name),
    });
  } catch (err) {
    // filtrex parses the whole expression before it generates the function; a page whose policy
    // refuses code generation (the console's CSP has no 'unsafe-eval') fails only that last part.
    if (err instanceof EvalError) fn = null;
    else return { ok: false, errors: [describeParseError(source, (err as Error).message)] };
  }
  const { errors, steps } = checkNames(source);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, fn, steps };
}

/**
 * Checks a condition without keeping an evaluator: the save's check, and the console's as the
 * admin types (it runs in the browser, where the page may not generate code).
 */
export function checkCondition(source: string): ConditionCheck {
  const compiled = compile(source);
  return compiled.ok ? { ok: true, steps: compiled.steps } : compiled;
}

/** Compiles a condition: the reasons it is refused, or an evaluator that never throws. */
export function compileCondition(source: string): CompiledCondition | ConditionErrors {
  const compiled = compile(source);
  if (!compiled.ok) return compiled;
  const { fn, steps } = compiled;
  if (!fn) return { ok: false, errors: ["cannot be evaluated where code generation is refused"] };
  return {
    ok: true,
    steps,
    evaluate(ctx) {
      let result: unknown;
      try {
        result = fn({
          payload: ctx.payload,
          user: ctx.user,
          actor: ctx.actor,
          tenant: ctx.tenant,
          digest: ctx.digest ?? null,
          steps: ctx.steps ?? {},
        });
      } catch (err) {
        result = err;
      }
      // filtrex answers a runtime failure (text where a number was needed…) with the error itself.
      if (result instanceof Error) return { value: false, error: result.message };
      if (typeof result !== "boolean")
        return {
          value: false,
          error: `evaluates to ${missing(result) ? "nothing" : typeof result}, not true or false`,
        };
      return { value: result };
    },
  };
}
