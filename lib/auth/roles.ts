/** RBAC as data: each role's permissions, checked on the server by requirePermission. */
export const ROLES = ["admin", "support_engineer", "plant_manager", "executive", "viewer"] as const;
export type RoleName = (typeof ROLES)[number];

export const PERMISSIONS = [
  "events:read",
  "events:read_payload",
  "ingest:write",
  "users:read",
  "users:manage",
  "audit:read",
  "system:read",
  "slas:read",
  "definitions:manage",
  "alerts:manage",
  "exceptions:read",
  "exceptions:triage",
  "ownership:manage",
  "replay",
  "replay:edit",
  "integrations:manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  admin: PERMISSIONS,
  support_engineer: ["events:read", "events:read_payload", "system:read", "slas:read", "exceptions:read", "exceptions:triage", "replay"],
  // Plant managers read their plants' exceptions but do not triage: a group spans plants, and its
  // state is shared with the engineers of every other plant it touches.
  plant_manager: ["events:read", "events:read_payload", "slas:read", "exceptions:read"],
  executive: ["events:read", "slas:read"],
  viewer: ["events:read"],
};

export function hasPermission(role: RoleName, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const ROLE_LABELS: Record<RoleName, string> = {
  admin: "Administrator",
  support_engineer: "Support engineer",
  plant_manager: "Plant manager",
  executive: "Executive",
  viewer: "Viewer",
};
