// For `next start` serving alone; the custom server answers /t/* from the API app itself.
import { apiApp } from "@/lib/api/app";

export const dynamic = "force-dynamic";

export const GET = (req: Request) => apiApp().fetch(req);
