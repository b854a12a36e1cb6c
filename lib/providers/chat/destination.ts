// A chat delivery's `to`: one destination as JSON, `{"provider":"slack","webhook_url":"…"}`.
import { chatProviders, type ChatDestination } from "../../chat/schema";
import { ProviderError } from "../types";

export function parseDestination(to: string): ChatDestination {
  let value: unknown;
  try {
    value = JSON.parse(to);
  } catch {
    value = null;
  }
  const d = value as Partial<ChatDestination> | null;
  if (!d || typeof d !== "object" || !chatProviders.includes(d.provider as never)) {
    throw new ProviderError("chat: the destination is not a chat destination", false, "invalid_address");
  }
  return d as ChatDestination;
}
