import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./to-csv";

describe("CSV", () => {
  it("quotes commas, quotes and line breaks, and ends lines with CRLF", () => {
    expect(toCsv([["lot", "note"], ["L-1", 'said "hold", then\nreleased'], ["L-2", 3.5]])).toBe('lot,note\r\nL-1,"said ""hold"", then\nreleased"\r\nL-2,3.5\r\n');
  });

  it("defuses spreadsheet formulas but keeps signed numbers", () => {
    expect(csvCell("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-12.5")).toBe("-12.5");
    expect(csvCell("+3")).toBe("+3");
    expect(csvCell("-x")).toBe("'-x");
    expect(csvCell(null)).toBe("");
    expect(csvCell(true)).toBe("true");
  });
});
