// `npm start`: the production server with embedded defaults. Generates the session secret and
// the ingest token once into the data directory when the environment does not set them, so a
// fresh clone starts with one command and restarts keep sessions and tokens valid.
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const dataDir = path.resolve(process.env.LOTLINE_DATA_DIR || "./data");
mkdirSync(dataDir, { recursive: true });

function persistentSecret(file, bytes) {
  const full = path.join(dataDir, file);
  if (existsSync(full)) return readFileSync(full, "utf8").trim();
  const value = randomBytes(bytes).toString("base64url");
  writeFileSync(full, `${value}\n`, { mode: 0o600 });
  return value;
}

const port = process.env.PORT || "3000";
const env = { ...process.env, PORT: port, NODE_ENV: "production" };
env.NEXTAUTH_SECRET ||= persistentSecret(".nextauth-secret", 32);
env.NEXTAUTH_URL ||= `http://localhost:${port}`;
if (!env.LOTLINE_INGEST_TOKEN) {
  env.LOTLINE_INGEST_TOKEN = persistentSecret(".ingest-token", 24);
  console.log(`[lotline] ingest API token: ${path.join(dataDir, ".ingest-token")}`);
}

if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
  console.error("[lotline] no production build: run `npm run build` first");
  process.exit(1);
}

const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
