import type { Migration } from "../ddl";
import { migration0001 } from "./0001_events";
import { migration0002 } from "./0002_kafka_offsets";

/** Every ClickHouse migration, in order. Append only: an applied migration is never edited. */
export const clickhouseMigrations: readonly Migration[] = [migration0001, migration0002];
