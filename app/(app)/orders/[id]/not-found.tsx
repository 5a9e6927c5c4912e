import { NotFoundNotice } from "@/components/ui/not-found-notice";

export default function OrderNotFound() {
  return <NotFoundNotice title="No events name this order">Nothing has been ingested for it yet, or the id is mistyped.</NotFoundNotice>;
}
