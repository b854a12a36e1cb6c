// The API shapes the console reads, taken from the serializers so they cannot drift (types only:
// nothing of the server is bundled).
import type { SendResponseData } from "@/lib/notifications/send";
import type { PreviewResult as TemplatePreview } from "@/lib/templates/render";
import type { TemplateJson } from "@/lib/templates/store";
import type { userJson } from "@/lib/users/service";

export type UserJson = ReturnType<typeof userJson>;
export type UserPage = {
  users: UserJson[];
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
};
export type { SendResponseData, TemplateJson, TemplatePreview };
export type TemplatePage = { templates: TemplateJson[]; total: number };
