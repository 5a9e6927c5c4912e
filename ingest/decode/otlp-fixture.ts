/**
 * An OTLP/HTTP JSON export as an OpenTelemetry SDK sends it: one trace across two services. The
 * middleware routes an order and publishes it (parent and child), the MES handles the request
 * as a grandchild and fails; a fourth span is broken.
 */
export function otlpExport(traceId = "5b8efff798038103d269b633813fc60c") {
  const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return {
    resourceSpans: [
      {
        resource: { attributes: [str("service.name", "middleware-broker"), str("mfg.plant", "P200")] },
        scopeSpans: [
          {
            scope: { name: "lotline-test", version: "1.0.0" },
            spans: [
              {
                traceId,
                spanId: "eee19b7ec3c1b174",
                name: "route erp-mes-order",
                kind: 5,
                startTimeUnixNano: "1795500000000000000",
                endTimeUnixNano: "1795500000250000000",
                attributes: [str("mfg.order.id", "PO-P200-000077"), str("messaging.message.id", "msg-77")],
                status: { code: 1 },
              },
              {
                traceId,
                spanId: "1f2e3d4c5b6a7980",
                parentSpanId: "eee19b7ec3c1b174",
                name: "publish mes.production-orders",
                kind: 4,
                startTimeUnixNano: "1795500000040000000",
                endTimeUnixNano: "1795500000090000000",
                attributes: [str("messaging.message.id", "msg-77"), str("messaging.destination.name", "mes.production-orders")],
              },
            ],
          },
        ],
      },
      {
        resource: { attributes: [str("service.name", "mes-api"), str("mfg.plant", "P200")] },
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId: "b7ad6b7169203331",
                parentSpanId: "1f2e3d4c5b6a7980",
                name: "POST /mes/api/v2/production-orders",
                kind: 2,
                startTimeUnixNano: "1795500000100000000",
                endTimeUnixNano: "1795500000220000000",
                attributes: [str("mfg.order.id", "PO-P200-000077"), str("mfg.lot.id", "L-P200-000901"), { key: "http.response.status_code", value: { intValue: "422" } }],
                status: { code: 2, message: "MES rejected order: routing revision not released (422)" },
              },
              { traceId, spanId: "nothex", name: "broken", startTimeUnixNano: "1795500000100000000" },
            ],
          },
        ],
      },
    ],
  };
}
