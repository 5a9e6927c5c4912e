"use client";

import { useQuery } from "@tanstack/react-query";
import { sendJson } from "@/components/ui/api-client";
import type { CurrentAlertView, DeliveryView, RuleView, SilenceView } from "@/lib/alerts/alerts-store";

/** The notifier runs with the SLA evaluator, about every 15 s; polling faster would re-read the same states. */
const REFRESH_MS = 15_000;

export interface AlertsData {
  rules: RuleView[];
  silences: SilenceView[];
  deliveries: DeliveryView[];
  alerts: CurrentAlertView[];
  generatedAt: string;
}

export const alertsKeys = {
  all: ["alerts"] as const,
  rules: ["alerts", "rules"] as const,
  silences: ["alerts", "silences"] as const,
  deliveries: ["alerts", "deliveries"] as const,
  current: ["alerts", "current"] as const,
};

function usePolled<T>(queryKey: readonly string[], url: string, pick: (body: never) => T, initial: T, initialAt: string) {
  const q = useQuery({
    queryKey,
    queryFn: async () => pick((await sendJson<unknown>(url, "GET")) as never),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initialAt),
    staleTime: REFRESH_MS,
    refetchInterval: REFRESH_MS,
  });
  return { data: q.data ?? initial, isError: q.isError, error: q.error, isFetching: q.isFetching };
}

export const useAlertRules = (initial: AlertsData) => usePolled(alertsKeys.rules, "/api/v1/alerts/rules", (b: { rules: RuleView[] }) => b.rules, initial.rules, initial.generatedAt);
export const useSilences = (initial: AlertsData) => usePolled(alertsKeys.silences, "/api/v1/alerts/silences", (b: { silences: SilenceView[] }) => b.silences, initial.silences, initial.generatedAt);
export const useDeliveries = (initial: AlertsData) => usePolled(alertsKeys.deliveries, "/api/v1/alerts/deliveries?limit=50", (b: { deliveries: DeliveryView[] }) => b.deliveries, initial.deliveries, initial.generatedAt);
export const useCurrentAlerts = (initial: AlertsData) => usePolled(alertsKeys.current, "/api/v1/alerts", (b: { alerts: CurrentAlertView[] }) => b.alerts, initial.alerts, initial.generatedAt);
