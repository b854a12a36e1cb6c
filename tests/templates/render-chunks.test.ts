// A template send renders once per recipient; a 10,000-recipient send must let the event loop turn
// between chunks so the same process keeps delivering and answering while it renders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { parseEnv } from "@/lib/env";
import { planTemplateSend, RENDER_CHUNK } from "@/lib/templates/render";
import { templateCreateSchema } from "@/lib/templates/schema";
import { createTemplate } from "@/lib/templates/store";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const system = { type: "system" as const, id: null };

describe("per-recipient rendering of a template send", () => {
  let t: TestDatabase;
  let tenantId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    ({
      tenant: { id: tenantId },
    } = await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test" })));
    await createTemplate(
      t.database.db,
      tenantId,
      templateCreateSchema.parse({
        code: "digest",
        name: "Digest",
        blocks: { en: { app: { title: "Hi {{ user.id }}", content: "{{ user.id }}: {{ probe.value }}" } } },
      }),
      system,
    );
  });
  afterAll(async () => t.drop());

  it("yields to the event loop at least every RENDER_CHUNK recipients of a 10,000-recipient send", async () => {
    // A setImmediate chain counts the turns of the event loop; the param's getter notes, at each
    // recipient's render, how many turns have passed.
    let turns = 0;
    let counting = true;
    const turn = () => {
      turns++;
      if (counting) setImmediate(turn);
    };
    setImmediate(turn);
    const seenAt: number[] = [];
    const probe = {
      get value() {
        seenAt.push(turns);
        return "news";
      },
    };
    const userIds = Array.from({ length: 10_000 }, (_, i) => `reader-${String(i).padStart(5, "0")}`);
    const plan = await planTemplateSend(t.database.db, tenantId, {
      template_code: "digest",
      params: { probe },
      user_ids: userIds,
    }).finally(() => {
      counting = false;
    });

    expect(plan.contents).toHaveLength(10_000);
    expect(plan.titles![1234]).toBe("Hi reader-01234");
    expect(plan.contents![9999]).toBe("reader-09999: news");
    expect(seenAt).toHaveLength(10_000);
    const rendersPerTurn = new Map<number, number>();
    for (const at of seenAt) rendersPerTurn.set(at, (rendersPerTurn.get(at) ?? 0) + 1);
    // Never more than one chunk between two turns, so the loop turned at least 10,000 / chunk times.
    expect(Math.max(...rendersPerTurn.values())).toBeLessThanOrEqual(RENDER_CHUNK);
    expect(rendersPerTurn.size).toBeGreaterThanOrEqual(10_000 / RENDER_CHUNK);
  });
});
