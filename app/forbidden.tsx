import { ForbiddenNotice } from "@/components/ui/forbidden-notice";

/** The 403 of forbidden() anywhere without a closer forbidden.tsx. */
export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <ForbiddenNotice title="You cannot see this page">Your role or plant scope does not include it. Ask an administrator if you need access.</ForbiddenNotice>
    </main>
  );
}
