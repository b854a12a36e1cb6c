import { describe, expect, it } from "vitest";
import { errorList } from "@/components/admin/shared/form-errors";
import { endpointBodyOf, endpointResolver, type EndpointForm } from "./webhooks-page";

const form: EndpointForm = {
  url: "https://example.com/hooks",
  description: "",
  all_events: true,
  event_types: [],
};
const check = (v: EndpointForm) =>
  endpointResolver(v, undefined, { fields: {}, shouldUseNativeValidation: false });

describe("the webhook endpoint form", () => {
  it("subscribes to every event type (null) while the box is ticked, whatever was picked", () => {
    expect(endpointBodyOf({ ...form, event_types: ["delivery.failed"] })).toEqual({
      url: "https://example.com/hooks",
      description: "",
      event_types: null,
    });
  });

  it("sends the picked event types once the box is cleared", () => {
    expect(
      endpointBodyOf({ ...form, all_events: false, event_types: ["notification.read", "delivery.failed"] }),
    ).toMatchObject({ event_types: ["notification.read", "delivery.failed"] });
  });

  it("names event_types, as the API does, when none is picked", async () => {
    const { errors } = await check({ ...form, all_events: false });
    expect(errorList(errors)).toEqual([
      { field: "event_types", message: "must name at least one event type, or be null for all" },
    ]);
  });

  it("names url when it is empty; whether it is https and public is the server's check", async () => {
    expect(errorList((await check({ ...form, url: "" })).errors).map((e) => e.field)).toEqual(["url"]);
    expect(errorList((await check({ ...form, url: "http://10.0.0.1/" })).errors)).toEqual([]);
  });
});
