// Response shapes the console reads, taken from the serializers (type-only: no server code bundled).
import type { deliveryJson } from "@/lib/delivery/logs";

export type DeliveryJson = ReturnType<typeof deliveryJson>;
