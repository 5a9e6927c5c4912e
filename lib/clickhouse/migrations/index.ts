import type { Migration } from "../ddl";
import { migration0001 } from "./0001_events";
import { migration0002 } from "./0002_kafka_offsets";
import { migration0003 } from "./0003_genealogy_and_lot_status";
import { migration0004 } from "./0004_search_and_lot_facts";
import { migration0005 } from "./0005_write_probes";
import { migration0006 } from "./0006_lot_home_plant";
import { migration0007 } from "./0007_workflow_slas";
import { migration0008 } from "./0008_failed_ingested_at";
import { migration0009 } from "./0009_event_origin";
import { migration0010 } from "./0010_instance_worklist";
import { migration0011 } from "./0011_event_route";
import { migration0012 } from "./0012_deliveries_by_key";
import { migration0013 } from "./0013_events_ingest";

/** Every ClickHouse migration, in order. Append only: an applied migration is never edited. */
export const clickhouseMigrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013];
