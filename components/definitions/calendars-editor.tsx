"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState, Panel } from "@/components/ui/panel";
import { formatUtc } from "@/lib/ui/format";
import type { CalendarView } from "@/lib/workflows/calendars-store";
import type { FieldIssue } from "@/lib/workflows/definition-body";
import type { BusinessCalendar } from "@/lib/workflows/definition-spec";
import { ApiProblem, issuesAt, sendJson } from "@/components/ui/api-client";
import { Field, FieldErrors, FormAlert, inputClass, primaryButton, secondaryButton } from "./form-controls";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const WORKWEEK: BusinessCalendar["weekly"] = [1, 2, 3, 4, 5].map((day) => ({ day, start: "08:00", end: "17:00" }));

/** Every plant's calendar as a card, and a form to give another plant one. */
export function CalendarsEditor({ initial }: { initial: CalendarView[] }) {
  const [plants, setPlants] = useState(() => initial.map((c) => ({ plant: c.calendar.plant, view: c as CalendarView | null })));
  const [newPlant, setNewPlant] = useState("");
  return (
    <div className="space-y-6">
      <form
        className="flex items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const plant = newPlant.trim();
          if (plant && !plants.some((p) => p.plant === plant)) setPlants([...plants, { plant, view: null }]);
          setNewPlant("");
        }}
      >
        <Field label="Plant code">
          <input value={newPlant} onChange={(e) => setNewPlant(e.target.value)} placeholder="P100" className={inputClass} />
        </Field>
        <button type="submit" className={secondaryButton}>
          Add a calendar
        </button>
      </form>
      {plants.length === 0 && <EmptyState title="No business calendars yet">Without one, business-hours targets of a plant count around the clock in UTC.</EmptyState>}
      {plants.map((p) => (
        <CalendarCard key={p.plant} plant={p.plant} initial={p.view} />
      ))}
    </div>
  );
}

function CalendarCard({ plant, initial }: { plant: string; initial: CalendarView | null }) {
  const [view, setView] = useState(initial);
  const [timeZone, setTimeZone] = useState(initial?.calendar.timeZone ?? "UTC");
  const [weekly, setWeekly] = useState(initial?.calendar.weekly ?? WORKWEEK);
  const [holidays, setHolidays] = useState((initial?.calendar.holidays ?? []).join("\n"));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [notice, setNotice] = useState<{ tone: "error" | "warning" | "success"; text: string } | null>(null);
  const save = useMutation({
    mutationFn: () =>
      sendJson<{ calendar: CalendarView; changed: boolean }>(`/api/v1/calendars/${encodeURIComponent(plant)}`, "PUT", {
        baseRevision: view?.revision ?? null,
        calendar: { timeZone: timeZone.trim(), weekly, holidays: holidays.split(/[\s,]+/).filter(Boolean) },
      }),
    onSuccess: ({ calendar, changed }) => {
      setView(calendar);
      setHolidays(calendar.calendar.holidays.join("\n"));
      setIssues([]);
      setNotice({ tone: "success", text: changed ? `Saved (revision ${calendar.revision}).` : "Nothing changed." });
    },
    onError: (error) => {
      setIssues(error instanceof ApiProblem ? error.issues : []);
      setNotice({ tone: error instanceof ApiProblem && error.status === 409 ? "warning" : "error", text: error.message });
    },
  });
  const setWindow = (i: number, patch: Partial<BusinessCalendar["weekly"][number]>) => setWeekly(weekly.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  return (
    <Panel title={`Plant ${plant}`} subtitle={view ? `Revision ${view.revision} · ${view.updatedBy} · ${formatUtc(view.updatedAt)}` : "Not saved yet"}>
      <form
        aria-label={`Calendar of ${plant}`}
        className="grid gap-4 lg:grid-cols-[1fr_2fr_1fr]"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Field label="Time zone" hint="IANA name, e.g. Europe/Berlin" errors={issuesAt(issues, "calendar.timeZone")}>
          <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} className={inputClass} />
        </Field>
        <div>
          <span className="mb-1 block text-xs font-medium text-slate-700">Opening hours (local time; a night shift is two windows, to 24:00 and from 00:00)</span>
          <ul className="space-y-2">
            {weekly.map((w, i) => (
              <li key={i} className="flex flex-wrap items-start gap-2">
                <select value={w.day} aria-label="Day" onChange={(e) => setWindow(i, { day: Number(e.target.value) })} className={`${inputClass} w-36`}>
                  {DAYS.map((d, j) => (
                    <option key={d} value={j + 1}>
                      {d}
                    </option>
                  ))}
                </select>
                <input value={w.start} aria-label="Opens" onChange={(e) => setWindow(i, { start: e.target.value })} className={`${inputClass} w-24 font-mono`} />
                <input value={w.end} aria-label="Closes" onChange={(e) => setWindow(i, { end: e.target.value })} className={`${inputClass} w-24 font-mono`} />
                <button type="button" className={secondaryButton} onClick={() => setWeekly(weekly.filter((_, j) => j !== i))}>
                  Remove
                </button>
                <FieldErrors messages={issuesAt(issues, `calendar.weekly.${i}`)} layout="row" />
              </li>
            ))}
          </ul>
          <button type="button" className={`${secondaryButton} mt-2`} onClick={() => setWeekly([...weekly, { day: 1, start: "08:00", end: "17:00" }])}>
            Add window
          </button>
        </div>
        <Field label="Holidays" hint="Local dates, one per line (2026-12-25)" errors={issuesAt(issues, "calendar.holidays")}>
          <textarea value={holidays} rows={5} onChange={(e) => setHolidays(e.target.value)} className={`${inputClass} font-mono`} />
        </Field>
        <div className="space-y-2 lg:col-span-3">
          {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
          <button type="submit" disabled={save.isPending} className={primaryButton}>
            {save.isPending ? "Saving…" : "Save calendar"}
          </button>
        </div>
      </form>
    </Panel>
  );
}
