import type { EventMatch, WorkflowSpec } from "./definition-spec";

/**
 * The editor's form state: what people type (minutes, percentages, comma-separated types),
 * converted to and from a spec. The server validates the result; stage and override indices are
 * kept in spec order so a 400's issue paths point back at the right inputs.
 */

export interface MatchDraft {
  types: string;
  typePattern: string;
  sourcePattern: string;
}

export interface StageDraft {
  id: number;
  key: string;
  label: string;
  system: string;
  match: MatchDraft;
  targetMin: string;
  /** "" = the instance's own correlation id; otherwise the key the stage's event is found by. */
  carriedBy: "" | "order" | "lot";
}

export interface OverrideDraft {
  id: number;
  plant: string;
  targetMin: string;
  businessHours: "inherit" | "yes" | "no";
  stageTargets: Record<string, string>;
}

export interface WorkflowDraft {
  key: string;
  name: string;
  description: string;
  enabled: boolean;
  trigger: MatchDraft;
  stages: StageDraft[];
  sla: { untilStage: string; targetMin: string; businessHours: boolean; atRiskPct: string; objectivePct: string };
  overrides: OverrideDraft[];
}

let nextId = 1;
export const draftId = () => nextId++;

const minutes = (ms: number | undefined) => (ms === undefined ? "" : String(Math.round((ms / 60_000) * 1000) / 1000));
const percent = (share: number) => String(Math.round(share * 100_000) / 1000);

function numberOrText(text: string): number | string {
  const n = Number(text.trim());
  return text.trim() !== "" && Number.isFinite(n) ? n : text;
}

/** Minutes typed → milliseconds; what is not a number goes to the server as typed so its 400 names the field. */
function msFromMinutes(text: string): number | string | undefined {
  if (text.trim() === "") return undefined;
  const n = numberOrText(text);
  return typeof n === "number" ? Math.round(n * 60_000) : n;
}

function shareFromPercent(text: string): number | string {
  const n = numberOrText(text);
  return typeof n === "number" ? Math.round(n * 1000) / 100_000 : n;
}

export function matchDraft(match: EventMatch): MatchDraft {
  return { types: match.types.join(", "), typePattern: match.typePattern ?? "", sourcePattern: match.sourcePattern ?? "" };
}

export function matchFromDraft(d: MatchDraft): Record<string, unknown> {
  return {
    types: d.types
      .split(/[\s,]+/)
      .map((t) => t.trim())
      .filter(Boolean),
    ...(d.typePattern.trim() ? { typePattern: d.typePattern.trim() } : {}),
    ...(d.sourcePattern.trim() ? { sourcePattern: d.sourcePattern.trim() } : {}),
  };
}

export function workflowDraft(spec: WorkflowSpec, enabled: boolean): WorkflowDraft {
  return {
    key: spec.key,
    name: spec.name,
    description: spec.description,
    enabled,
    trigger: matchDraft(spec.trigger),
    stages: spec.stages.map((s) => ({ id: draftId(), key: s.key, label: s.label, system: s.system, match: matchDraft(s.match), targetMin: minutes(s.targetMs), carriedBy: s.carriedBy ?? "" })),
    sla: { untilStage: spec.sla.untilStage, targetMin: minutes(spec.sla.targetMs), businessHours: spec.sla.businessHours, atRiskPct: percent(spec.sla.atRiskShare), objectivePct: percent(spec.sla.objective) },
    overrides: Object.entries(spec.plantOverrides).map(([plant, o]) => ({
      id: draftId(),
      plant,
      targetMin: minutes(o.targetMs),
      businessHours: o.businessHours === undefined ? "inherit" : o.businessHours ? "yes" : "no",
      stageTargets: Object.fromEntries(Object.entries(o.stageTargets).map(([k, ms]) => [k, minutes(ms)])),
    })),
  };
}

/** The spec the draft describes, unvalidated (the API is the judge). */
export function specFromDraft(d: WorkflowDraft): Record<string, unknown> {
  return {
    key: d.key,
    name: d.name,
    description: d.description,
    trigger: matchFromDraft(d.trigger),
    stages: d.stages.map((s) => {
      const targetMs = msFromMinutes(s.targetMin);
      return { key: s.key, label: s.label, system: s.system, match: matchFromDraft(s.match), ...(targetMs !== undefined ? { targetMs } : {}), ...(s.carriedBy ? { carriedBy: s.carriedBy } : {}) };
    }),
    sla: {
      untilStage: d.sla.untilStage,
      targetMs: msFromMinutes(d.sla.targetMin) ?? "",
      businessHours: d.sla.businessHours,
      atRiskShare: shareFromPercent(d.sla.atRiskPct),
      objective: shareFromPercent(d.sla.objectivePct),
    },
    plantOverrides: Object.fromEntries(
      d.overrides.map((o) => {
        const targetMs = msFromMinutes(o.targetMin);
        const stageTargets = Object.fromEntries(Object.entries(o.stageTargets).flatMap(([k, v]) => (v.trim() === "" ? [] : [[k, msFromMinutes(v)]])));
        return [o.plant.trim(), { ...(targetMs !== undefined ? { targetMs } : {}), stageTargets, ...(o.businessHours === "inherit" ? {} : { businessHours: o.businessHours === "yes" }) }];
      }),
    ),
  };
}
