import { ForbiddenNotice } from "@/components/ui/forbidden-notice";

/** What forbidden() renders, with a 403, on /admin and /admin/users for anyone but an administrator. */
export default function AdminForbidden() {
  return <ForbiddenNotice title="Administration is for administrators">Your role does not include managing users and settings. Ask an administrator if you need a change.</ForbiddenNotice>;
}
