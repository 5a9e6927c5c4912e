"use client";

import { Field, inputClass } from "@/components/definitions/form-controls";
import { ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/roles";

/** "P100, P200" as the API's list of plant codes. */
export const parsePlants = (text: string) =>
  text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);

/** Role and, for a plant manager, the plants: the two fields creation and editing share. */
export function RoleAndPlants({
  role,
  plants,
  onRole,
  onPlants,
  errors,
}: {
  role: RoleName;
  plants: string;
  onRole: (role: RoleName) => void;
  onPlants: (plants: string) => void;
  errors: { role: string[]; plants: string[] };
}) {
  return (
    <>
      <Field label="Role" errors={errors.role}>
        <select value={role} onChange={(e) => onRole(e.target.value as RoleName)} aria-invalid={errors.role.length > 0} className={inputClass}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </Field>
      {role === "plant_manager" && (
        <Field label="Plants" hint="Plant codes, comma-separated; they see only these plants" errors={errors.plants}>
          <input value={plants} onChange={(e) => onPlants(e.target.value)} required placeholder="P100, P200" aria-invalid={errors.plants.length > 0} className={inputClass} />
        </Field>
      )}
    </>
  );
}
