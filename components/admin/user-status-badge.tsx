import { Badge } from "@/components/alerts/badges";
import type { UserView } from "@/lib/users/user-view";
import { statusLabel } from "@/lib/ui/status-labels";

const TONES = { active: "green", disabled: "slate", awaiting_password: "amber" } as const;

export function UserStatusBadge({ user }: { user: UserView }) {
  return <Badge tone={TONES[user.status]}>{statusLabel(user.status)}</Badge>;
}
