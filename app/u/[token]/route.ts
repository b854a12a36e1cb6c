// For `next start` serving alone; the custom server answers /u/* from the API app itself.
import { apiApp } from "@/lib/api/app";

export const dynamic = "force-dynamic";

const serve = (req: Request) => apiApp().fetch(req);

export { serve as GET, serve as POST };
