import { SetPasswordForm } from "@/components/set-password-form";
import { AuthCard } from "@/components/auth-card";

export const metadata = { title: "Set your password" };

/** Opened from a one-time link an administrator handed over; the secret is in the fragment, read by the form in the browser. */
export default function SetPasswordPage() {
  return (
    <AuthCard title="Set your password" subtitle="Lotline">
      <SetPasswordForm />
    </AuthCard>
  );
}
