// Next.js's one door to the API app, for `next start` serving alone: the custom server calls the
// same app's `fetch` itself and never routes /api/v1 here.
import { apiApp } from "@/lib/api/app";

export const dynamic = "force-dynamic";

const serve = (req: Request) => apiApp().fetch(req);

export {
  serve as DELETE,
  serve as GET,
  serve as HEAD,
  serve as OPTIONS,
  serve as PATCH,
  serve as POST,
  serve as PUT,
};
