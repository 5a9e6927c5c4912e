-- User administration (docs/users.md): the revision an admin's edit is checked against, the
-- session version that ends every earlier session when it is bumped (disable, password reset),
-- and the one outstanding set-password link, stored as its SHA-256 only.
ALTER TABLE "users"
    ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "password_link_hash" TEXT,
    ADD COLUMN "password_link_expires_at" TIMESTAMP(3);

CREATE UNIQUE INDEX "users_password_link_hash_key" ON "users"("password_link_hash");
