import type { Permission } from "../auth/roles";
import { formatCount } from "../ui/format";
import type { AdminSummary } from "./admin-summary";

export interface AdminCard {
  href: string;
  title: string;
  what: string;
  /** The area's live state in one line. */
  state: string;
  permission: Permission;
}

const count = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The cards of /admin, in the order an administrator sets a deployment up. */
export function adminCards(s: AdminSummary): AdminCard[] {
  const userState = [count(s.users.total, "user"), ...(s.users.disabled > 0 ? [`${formatCount(s.users.disabled)} disabled`] : []), ...(s.users.awaitingPassword > 0 ? [`${formatCount(s.users.awaitingPassword)} awaiting a password`] : [])];
  return [
    { href: "/admin/users", title: "Users", what: "Invite people, set roles and plant scope, disable accounts, reset passwords", state: userState.join(", "), permission: "users:manage" },
    { href: "/admin/tokens", title: "API tokens", what: "Bearer tokens for scripts and integrations calling the JSON API", state: s.apiTokens.total === 0 ? "no tokens yet" : `${formatCount(s.apiTokens.active)} active of ${formatCount(s.apiTokens.total)}`, permission: "users:manage" },
    { href: "/admin/workflows", title: "Workflow definitions", what: "Stages, SLAs and plant overrides the SLA engine judges instances by", state: count(s.workflows, "workflow"), permission: "definitions:manage" },
    { href: "/admin/non-events", title: "Non-events", what: "Messages that should have arrived and did not", state: count(s.nonEvents, "definition"), permission: "definitions:manage" },
    { href: "/admin/calendars", title: "Calendars", what: "Each plant's business hours and holidays for business-hours SLAs", state: s.calendars === 0 ? "no plant calendars yet" : count(s.calendars, "plant calendar"), permission: "definitions:manage" },
    { href: "/admin/alerts", title: "Alert rules", what: "Who is told about breaches, burn rates and non-events, and how", state: s.alertRules.total === 0 ? "no rules yet" : `${count(s.alertRules.total, "rule")}, ${formatCount(s.alertRules.enabled)} enabled`, permission: "alerts:manage" },
    {
      href: "/admin/integrations",
      title: "Integrations",
      what: "Where a replay of each interface's messages is sent",
      state: s.replayTargets.total === 0 ? "no replay targets yet" : `${count(s.replayTargets.total, "replay target")}, ${formatCount(s.replayTargets.enabled)} enabled`,
      permission: "integrations:manage",
    },
  ];
}
