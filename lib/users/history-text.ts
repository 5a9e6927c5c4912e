import { ROLE_LABELS, ROLES, type RoleName } from "../auth/roles";
import { formatUtc } from "../ui/format";

/** One audit record about a user in words: what happened and, for an edit, each field from → to. */
export interface HistoryText {
  title: string;
  changes: string[];
}

type Fields = Record<string, unknown>;

const asFields = (value: unknown): Fields => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {});

const roleText = (value: unknown) => (typeof value === "string" && (ROLES as readonly string[]).includes(value) ? ROLE_LABELS[value as RoleName] : String(value ?? "—"));

function fieldText(field: string, value: unknown): string {
  if (field === "role") return roleText(value);
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.join(", ");
  if (value === null || value === undefined || value === "") return "none";
  return String(value);
}

const FIELD_LABELS: Record<string, string> = { name: "Name", role: "Role", plants: "Plants" };

export function userHistoryText(entry: { action: string; before: unknown; after: unknown }): HistoryText {
  const before = asFields(entry.before);
  const after = asFields(entry.after);
  switch (entry.action) {
    case "user.created": {
      const plants = Array.isArray(after.plants) && after.plants.length > 0 ? ` for ${fieldText("plants", after.plants)}` : "";
      return { title: `Created as ${roleText(after.role)}${plants}`, changes: typeof after.password === "string" ? [`Password: ${after.password}`] : [] };
    }
    case "user.updated":
      return {
        title: "Changed",
        changes: Object.keys(FIELD_LABELS)
          .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
          .map((f) => `${FIELD_LABELS[f]}: ${fieldText(f, before[f])} → ${fieldText(f, after[f])}`),
      };
    case "user.disabled":
      return { title: "Disabled", changes: ["Signed out everywhere; cannot sign in"] };
    case "user.enabled":
      return { title: "Enabled", changes: [] };
    case "user.password_reset":
      return {
        title: after.method === "set-password link" ? "Password reset with a set-password link" : "Password reset to one set by the admin",
        changes: [...(typeof after.linkExpiresAt === "string" ? [`Link valid until ${formatUtc(after.linkExpiresAt)}`] : []), "Old password and sessions stopped working"],
      };
    case "user.password_set":
      return { title: "Password set with the link", changes: [] };
    case "user.sso_linked":
      return { title: "Linked to single sign-on", changes: typeof after.provider === "string" ? [`Provider: ${after.provider}`] : [] };
    default:
      return { title: entry.action, changes: [] };
  }
}
