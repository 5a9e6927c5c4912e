import { z } from "zod";

/** Which span or resource attributes carry Lotline's business keys (first present wins). Set with LOTLINE_OTLP_ATTRIBUTE_MAP. */
export const otlpAttributeMapSchema = z.object({
  correlationId: z.array(z.string()).default(["mfg.correlation.id", "messaging.message.conversation_id"]),
  lotId: z.array(z.string()).default(["mfg.lot.id"]),
  orderId: z.array(z.string()).default(["mfg.order.id"]),
  messageId: z.array(z.string()).default(["messaging.message.id"]),
  plant: z.array(z.string()).default(["mfg.plant"]),
});

export type OtlpAttributeMap = z.infer<typeof otlpAttributeMapSchema>;
