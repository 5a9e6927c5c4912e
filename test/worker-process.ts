import { spawn, type ChildProcess } from "node:child_process";

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code, or the signal name when killed. */
  exited: Promise<number | string>;
  waitFor(text: string, timeoutMs?: number): Promise<void>;
}

/** Starts `ingest/main.ts` (what `npm run ingest` runs) as its own process with extra env and arguments. */
export function startWorker(env: Record<string, string>, args: readonly string[] = []): WorkerProcess {
  // tsx as a loader, not its CLI: the CLI runs the script in a second process that a SIGKILL of the first would orphan.
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "ingest/main.ts", ...args], {
    env: { ...process.env, LOTLINE_SIMULATOR: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  return {
    child,
    output: () => output,
    exited,
    async waitFor(text, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker exited before "${text}":\n${output}`);
        if (Date.now() > deadline) throw new Error(`no "${text}" after ${timeoutMs} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
