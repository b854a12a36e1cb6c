import { afterEach, describe, expect, it, vi } from "vitest";
import { checkCondition, compileCondition, type ConditionContext } from "./conditions";

const ctx: ConditionContext = {
  payload: { count: 3, kind: "comment", tags: ["a", "b"], order: { id: "o-1", total: 12.5 }, flag: true },
  user: { locale: "de", timezone: "Europe/Berlin" },
  actor: { id: "bob" },
  tenant: { slug: "acme" },
  steps: {
    inapp: { status: "completed", notification: { read: false, seen: true, archived: false } },
    wait: { status: "completed" },
  },
};

function run(source: string, context = ctx) {
  const c = compileCondition(source);
  if (!c.ok) throw new Error(`did not compile: ${c.errors.join("; ")}`);
  return c.evaluate(context);
}
const errorsOf = (source: string) => {
  const c = compileCondition(source);
  return c.ok ? [] : c.errors;
};

describe("conditions", () => {
  it("compares numbers, text and booleans read by dotted paths", () => {
    expect(run("payload.count > 2").value).toBe(true);
    expect(run("payload.count >= 4").value).toBe(false);
    expect(run('payload.kind == "comment"').value).toBe(true);
    expect(run('payload.kind != "comment"').value).toBe(false);
    expect(run("payload.order.total < 20").value).toBe(true);
    expect(run("steps.inapp.notification.read == false").value).toBe(true);
    expect(run("steps.inapp.notification.seen == true").value).toBe(true);
    expect(run('steps.wait.status == "completed"').value).toBe(true);
    expect(run('user.locale == "de" and tenant.slug == "acme" and actor.id == "bob"').value).toBe(true);
  });

  it("reads the digest a run continues with, and finds none before one", () => {
    const digested = { ...ctx, digest: { count: 12, last: { text: "hi" }, events: [], first: {} } };
    expect(run("digest.count >= 10", digested).value).toBe(true);
    expect(run('digest.last.text == "hi"', digested).value).toBe(true);
    expect(run("digest.count >= 10").value).toBe(false);
  });

  it("combines with and, or, not and parentheses", () => {
    expect(run('payload.count > 5 or payload.kind == "comment"').value).toBe(true);
    expect(run('payload.count > 5 and payload.kind == "comment"').value).toBe(false);
    expect(run("not (payload.count > 5)").value).toBe(true);
    expect(run("payload.flag and not steps.inapp.notification.read").value).toBe(true);
  });

  it("tests membership with in and not in", () => {
    expect(run('payload.kind in ("comment", "mention")').value).toBe(true);
    expect(run('payload.kind not in ("comment", "mention")').value).toBe(false);
    expect(run('"a" in payload.tags').value).toBe(true);
    expect(run('"z" in payload.tags').value).toBe(false);
  });

  it("treats a missing path as missing: equal to null, ordered with nothing, never thrown", () => {
    expect(run("payload.nope == null").value).toBe(true);
    expect(run("payload.nope == 3").value).toBe(false);
    expect(run("payload.nope != 3").value).toBe(true);
    expect(run("payload.nope > 3").value).toBe(false);
    expect(run("payload.nope < 3").value).toBe(false);
    expect(run("payload.order.id.deeper.still == null").value).toBe(true);
    expect(run("steps.later.notification.read == false").value).toBe(false);
    expect(run("exists(payload.nope)").value).toBe(false);
    expect(run("exists(payload.nope) and payload.nope > 1").value).toBe(false);
    expect(run("payload.count == 3", {}).value).toBe(false);
  });

  it("refuses to reach a prototype, at compile time and in the data", () => {
    for (const src of [
      "payload.__proto__ == null",
      "payload.constructor == null",
      "user.toString.constructor == null",
      "'payload.__proto__.polluted' == 1",
    ]) {
      const errors = errorsOf(src);
      expect(errors.length, src).toBeGreaterThan(0);
    }
    expect(errorsOf("payload.constructor == null")[0]).toMatch(/constructor cannot be read/);
    // Inherited properties are not properties: an object's toString is missing.
    expect(run("payload.toString == null").value).toBe(true);
    expect(run("payload.order.hasOwnProperty == null").value).toBe(true);
    const poisoned = { payload: JSON.parse('{"__proto__": {"admin": true}}') as unknown };
    expect(run("payload.admin == true", poisoned).value).toBe(false);
    // An object that is not plain data (a class instance) is not read into.
    expect(
      run("payload.x == 1", {
        payload: new (class {
          x = 1;
        })(),
      }).value,
    ).toBe(false);
  });

  it("refuses names outside the context, unknown functions, regular expressions and `of`", () => {
    expect(errorsOf("secret == 1")[0]).toMatch(/^unknown name secret: conditions read payload, user/);
    expect(errorsOf("process.env == null")[0]).toMatch(/unknown name process\.env/);
    expect(errorsOf("eval(1) == 1")).toEqual(["unknown function eval()"]);
    expect(errorsOf('payload.kind ~= "c.*"')[0]).toMatch(/regular expression/);
    expect(errorsOf("id of payload.order == 1").join("; ")).toMatch(/`of` is not available/);
    expect(errorsOf("steps.inapp == 1")[0]).toMatch(/steps\.<id>\.status/);
    expect(errorsOf("steps.inapp.notification.clicked == 1")[0]).toMatch(/read\|seen\|archived/);
    expect(errorsOf("abs(payload.count) > 1 and exists(payload.kind)")).toEqual([]);
  });

  it("reports a syntax error with a message and its column", () => {
    expect(errorsOf("payload.count >")).toEqual([
      "syntax error at column 16: unexpected the end of the expression",
    ]);
    expect(errorsOf("payload.count 3")[0]).toMatch(/^syntax error at column 15: unexpected a number/);
    expect(errorsOf('(payload.kind == "x"')[0]).toMatch(/^syntax error/);
    expect(errorsOf("")).toEqual(["must not be empty"]);
    expect(errorsOf("x".repeat(1001))[0]).toMatch(/at most 1000 characters/);
  });

  it("reads a step whose id has a hyphen through a quoted path", () => {
    const c = compileCondition("'steps.in-app.notification.read' == false");
    expect(c.ok && c.steps).toEqual([{ id: "in-app", field: "notification" }]);
    const steps = { "in-app": { status: "completed", notification: { read: false } } };
    expect(c.ok && c.evaluate({ steps }).value).toBe(true);
  });

  it("lists the steps it reads", () => {
    const c = compileCondition(
      'steps.a.status == "completed" and steps.b.notification.read and steps.a.status',
    );
    expect(c.ok && c.steps).toEqual([
      { id: "a", field: "status" },
      { id: "b", field: "notification" },
    ]);
  });

  it("never throws while evaluating: a failure is false with its reason", () => {
    const typeError = run("payload.kind + 1 > payload.tags");
    expect(typeError.value).toBe(false);
    const notBoolean = run("payload.nope and true");
    expect(notBoolean).toEqual({ value: false, error: expect.any(String) });
    expect(run("payload.count")).toEqual({ value: false, error: "evaluates to number, not true or false" });
    expect(run('payload.nope in ("a")').value).toBe(false);
    const odd = {
      payload: {
        get boom() {
          throw new Error("boom");
        },
      },
    } as unknown as ConditionContext;
    expect(() => run("payload.boom == 1", odd)).not.toThrow();
    expect(run("payload.boom == 1", odd).value).toBe(false);
  });

  describe("where the page refuses code generation (the console's CSP)", () => {
    afterEach(() => vi.unstubAllGlobals());
    const refuseCodeGeneration = () =>
      vi.stubGlobal("Function", function refused() {
        throw new EvalError("Refused to evaluate a string as JavaScript");
      } as unknown as FunctionConstructor);

    it("still checks syntax, names and the steps read", () => {
      refuseCodeGeneration();
      expect(checkCondition("steps.inapp.notification.read == false")).toEqual({
        ok: true,
        steps: [{ id: "inapp", field: "notification" }],
      });
      expect(checkCondition("payload.count >")).toEqual({
        ok: false,
        errors: ["syntax error at column 16: unexpected the end of the expression"],
      });
      expect(checkCondition("secret.count > 1")).toMatchObject({ ok: false });
    });

    it("refuses to evaluate rather than answer without the expression", () => {
      refuseCodeGeneration();
      expect(compileCondition("payload.count > 1")).toEqual({
        ok: false,
        errors: ["cannot be evaluated where code generation is refused"],
      });
    });
  });
});
