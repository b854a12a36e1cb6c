import { describe, expect, it } from "vitest";
import { appBlockSchema, localeBlocksSchema, wechatBlockSchema } from "../templates/schema";
import { channelLabel, channelName, channelSpec } from "./channels";
import { notificationChannels } from "./enums";

describe("the channel spec", () => {
  it("names every channel in the console's order and unknown ones as they are", () => {
    expect(Object.keys(channelLabel)).toEqual(["app", "email", "sms", "push", "wechat", "chat"]);
    expect(channelName("sms")).toBe("SMS");
    expect(channelName("fax")).toBe("fax");
  });

  it("is what the API's block schemas accept: required fields, lengths, nothing else", () => {
    for (const channel of notificationChannels) {
      const fields = channelSpec[channel].fields;
      const keys = Object.keys(localeBlocksSchema.shape[channel].unwrap().shape).sort();
      const expected = [...fields.map((f) => f.name), ...(channel === "wechat" ? ["data"] : [])].sort();
      expect(keys).toEqual(expected);
    }
    expect(appBlockSchema.safeParse({ title: "t" }).success).toBe(false);
    expect(appBlockSchema.safeParse({ title: "t", content: "c" }).success).toBe(true);
    expect(appBlockSchema.safeParse({ title: "t", content: "c", action_text: "x".repeat(201) }).success).toBe(
      false,
    );
    expect(wechatBlockSchema.safeParse({ template_id: "w", data: {} }).success).toBe(true);
  });
});
