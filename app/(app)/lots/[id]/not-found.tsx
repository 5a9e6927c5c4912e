import { NotFoundNotice } from "@/components/ui/not-found-notice";

export default function LotNotFound() {
  return <NotFoundNotice title="No events name this lot">Nothing has been ingested for it yet, or the id is mistyped.</NotFoundNotice>;
}
