// `npm run audit:verify`: walks the audit log's hash chain in the database the app uses
// (DATABASE_URL, else the embedded PGlite in $LOTLINE_DATA_DIR/postgres) and names the first
// broken link. Exit code 0 when the chain is intact, 1 when it is broken, 2 on a bad setup.
import { verifyAuditChain } from "../lib/audit/verify-chain";
import { ConfigError, getConfig, type Config } from "../lib/config";
import { openDatabase } from "./cli-database";

async function main() {
  let config: Config;
  try {
    config = getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`audit:verify: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const { db, close } = await openDatabase(config, "call GET /api/v1/audit/verify on the running app");
  try {
    const report = await verifyAuditChain(db);
    if (report.ok) {
      console.log(`audit:verify: the chain is intact (${report.checked} rows checked)`);
      return;
    }
    const broken = report.firstBroken!;
    console.error(`audit:verify: BROKEN at row ${broken.id} (seq ${broken.seq}, ${broken.at}) after ${report.checked - 1} intact rows: ${broken.reason}`);
    process.exitCode = 1;
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(`audit:verify: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
