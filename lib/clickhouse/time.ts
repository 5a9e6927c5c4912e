/** ClickHouse prints DateTime64 in UTC as "YYYY-MM-DD hh:mm:ss.fff"; the API speaks ISO 8601. */
export function chTimeToIso(value: string): string {
  return value.includes("T") ? value : `${value.replace(" ", "T")}Z`;
}
