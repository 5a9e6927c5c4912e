import { NotFoundNotice } from "@/components/ui/not-found-notice";

export default function TraceNotFound() {
  return <NotFoundNotice title="No events with this correlation id">Nothing has been ingested under it yet, or the id is mistyped.</NotFoundNotice>;
}
