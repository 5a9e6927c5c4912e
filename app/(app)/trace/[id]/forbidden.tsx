import { OutsidePlantsNotice } from "@/components/ui/forbidden-notice";

/** What forbidden() renders, with a 403, for a trace outside the viewer's plants (a special file takes no props). */
export default function TraceForbidden() {
  return <OutsidePlantsNotice noun="trace" />;
}
