import { describe, expect, it } from "vitest";
import { fingerprintOf, messageTemplate } from "./fingerprint";

const erp429 = (message: string) => ({ kind: "integration", from: "MES", to: "ERP", interface: "goods-receipt", code: "429", message });

describe("messageTemplate", () => {
  it("masks ids, numbers, uuids, hex and quoted values", () => {
    expect(messageTemplate("ERP API returned 429 Too Many Requests for msg-ab12cd34ef")).toBe("ERP API returned <n> Too Many Requests for <id>");
    expect(messageTemplate("order 4711 of lot LOT-2026-00017 rejected: batch 'A B' at 2026-12-03T10:00:00.000Z")).toBe("order <n> of lot <id> rejected: batch <str> at <time>");
    expect(messageTemplate("trace 3f2a9c1e-9b7d-4c2e-8f00-1234567890ab failed, hash deadbeefcafebabe1")).toBe("trace <uuid> failed, hash <hex>");
    expect(messageTemplate("ERP BAPI error: material master locked by another user (M3 897)")).toBe("ERP BAPI error: material master locked by another user (<id> <n>)");
  });

  it("masks known business ids even when they carry no digit, and strips the dead-letter wrapper", () => {
    expect(messageTemplate("lot ALPHA held at QMS", ["ALPHA"])).toBe("lot <id> held at QMS");
    expect(messageTemplate("moved to dlq.goods-receipt after 4 failed attempts: ERP API returned 429 Too Many Requests")).toBe("ERP API returned <n> Too Many Requests");
  });
});

describe("fingerprintOf", () => {
  it("puts 400 occurrences of one error with different ids into one group", () => {
    const ids = new Set(Array.from({ length: 400 }, (_, i) => fingerprintOf(erp429(`ERP API returned 429 Too Many Requests (msg-${(i * 7919).toString(16)}a, lot L-${i})`)).id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
  });

  it("splits by system pair, integration and code, and names them in the signature", () => {
    const base = fingerprintOf(erp429("ERP API returned 429 Too Many Requests"));
    expect(base.signature).toBe("integration MES→ERP goods-receipt 429: ERP API returned <n> Too Many Requests");
    expect(fingerprintOf({ ...erp429("ERP API returned 429 Too Many Requests"), code: "503" }).id).not.toBe(base.id);
    expect(fingerprintOf({ ...erp429("ERP API returned 429 Too Many Requests"), from: "QMS" }).id).not.toBe(base.id);
    expect(fingerprintOf({ ...erp429("ERP API returned 429 Too Many Requests"), interface: "order-release" }).id).not.toBe(base.id);
    expect(fingerprintOf(erp429("ERP gateway returned 502 Bad Gateway")).id).not.toBe(base.id);
    // A dead-lettered message groups with the failures under it.
    expect(fingerprintOf(erp429("moved to dlq.goods-receipt after 3 failed attempts: ERP API returned 429 Too Many Requests")).id).toBe(base.id);
  });
});
