import { OutsidePlantsNotice } from "@/components/ui/forbidden-notice";

/** What forbidden() renders, with a 403, for an order outside the viewer's plants (a special file takes no props). */
export default function OrderForbidden() {
  return <OutsidePlantsNotice noun="order" />;
}
