import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const SCRIPT = path.join(import.meta.dirname, "..", "scripts", "kafka.sh");

export interface KafkaBroker {
  brokers: string[];
  /** Stops the broker unless it was already running before startKafka (someone else owns it). */
  stop(): Promise<void>;
}

async function isRunning(): Promise<boolean> {
  try {
    await run("bash", [SCRIPT, "status"]);
    return true;
  } catch {
    return false;
  }
}

/** Starts the real single-node broker of scripts/kafka.sh (fetching its jars on first use). */
export async function startKafka(): Promise<KafkaBroker> {
  const port = process.env.KAFKA_PORT ?? "19092";
  const wasRunning = await isRunning();
  if (!wasRunning) await run("bash", [SCRIPT, "start"], { timeout: 300_000 });
  return {
    brokers: [`127.0.0.1:${port}`],
    async stop() {
      if (!wasRunning) await run("bash", [SCRIPT, "stop"], { timeout: 60_000 });
    },
  };
}
