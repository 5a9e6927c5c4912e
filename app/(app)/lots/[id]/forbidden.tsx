import { OutsidePlantsNotice } from "@/components/ui/forbidden-notice";

/** What forbidden() renders, with a 403, for a lot outside the viewer's plants (a special file takes no props). */
export default function LotForbidden() {
  return <OutsidePlantsNotice noun="lot" />;
}
