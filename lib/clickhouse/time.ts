/** ClickHouse prints DateTime64 in UTC as "YYYY-MM-DD hh:mm:ss.fff"; the API speaks ISO 8601. */
export function chTimeToIso(value: string): string {
  return value.includes("T") ? value : `${value.replace(" ", "T")}Z`;
}

/** The DateTime64(3) text ClickHouse parses in UTC. */
export function toClickHouseTime(d: Date | number): string {
  return new Date(d).toISOString().replace("T", " ").replace("Z", "");
}

/** Epoch milliseconds of a DateTime64 printed in UTC. */
export function chTimeToMs(value: string): number {
  return Date.parse(chTimeToIso(value));
}
