import type { Db } from "../db/client";
import { loadEngineDefinitions, type EngineDefinitions } from "../workflows/engine-definitions";
import { versionInEffect } from "../workflows/version-in-effect";
import { businessClock } from "./business-clock";
import { compileDefinitions, type CompiledDefinitions } from "./compiled-definitions";
import { defaultDefinitionVersions } from "./default-definitions";
import type { SlaClock } from "./evaluate-instance";

export interface WorkflowInfo {
  key: string;
  name: string;
  objective: number;
  targetMs: number;
  stages: { key: string; label: string; system: string }[];
}

export interface ViewDefinitions {
  compiled: CompiledDefinitions;
  /** Deadlines in each plant's business hours where a target asks for them. */
  clock: SlaClock;
  /** The version in effect now of each enabled workflow, in the order they are stored. */
  workflows: WorkflowInfo[];
}

/** What the pages judge and label instances with: the same definitions and calendars as the SLA engine. */
export function buildViewDefinitions(stored: EngineDefinitions, now = Date.now()): ViewDefinitions {
  const keys = [...new Set(stored.workflows.map((w) => w.key))];
  const current = keys.flatMap((key) => versionInEffect(stored.workflows, key, new Date(now)) ?? []);
  return {
    compiled: compileDefinitions(stored.workflows, stored.nonEvents),
    clock: businessClock(stored.calendars),
    workflows: current.map((w) => ({
      key: w.key,
      name: w.spec.name,
      objective: w.spec.sla.objective,
      targetMs: w.spec.sla.targetMs,
      stages: w.spec.stages.map((s) => ({ key: s.key, label: s.label, system: s.system })),
    })),
  };
}

/** The defaults of the product brief, every hour counting: for tests and tools without a database. */
export function defaultViewDefinitions(): ViewDefinitions {
  return buildViewDefinitions({ ...defaultDefinitionVersions(), calendars: [] });
}

/** A page view reuses the definitions read in the last few seconds; an admin's edit shows within this long. */
const CACHE_MS = 5_000;
const cache = new WeakMap<Db, { at: number; value: Promise<ViewDefinitions> }>();

export async function loadViewDefinitions(db: Db, now = Date.now()): Promise<ViewDefinitions> {
  const hit = cache.get(db);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  const value = loadEngineDefinitions(db).then((stored) => buildViewDefinitions(stored, now));
  cache.set(db, { at: now, value });
  value.catch(() => cache.delete(db));
  return value;
}
