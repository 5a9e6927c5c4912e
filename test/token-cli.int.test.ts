import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedTestEnv } from "./embedded-env";

// The CLI and, later, this process open the same fresh data directory, one after the other.
const dir = embeddedTestEnv("token-cli");

const { getRuntime } = await import("../server/runtime");
const searchRoute = await import("../app/api/v1/search/route");

function token(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/token.ts", ...args], {
    env: { ...process.env, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

const search = (bearer: string) =>
  searchRoute.GET(new Request("http://lotline.test/api/v1/search?q=P1", { headers: { authorization: `Bearer ${bearer}` } }), { params: Promise.resolve({}) as Promise<Record<string, never>> });

let started = false;

afterAll(async () => {
  if (started) await (await getRuntime()).stop();
  dir.remove();
});

describe("npm run token", () => {
  it("refuses bad arguments with a message naming the flag and exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [["--role", "viewer"], /--name is required/],
      [["--name", "ci", "--role", "root"], /--role must be one of admin, support_engineer/],
      [["--name", "ci", "--role", "plant_manager"], /--plants: a plant_manager token needs at least one plant/],
      [["--name", "ci", "--role", "viewer", "--plants", "P100"], /--plants: plants apply only to plant_manager tokens/],
      [["--name", "ci", "--role", "viewer", "--expires-days", "0"], /--expires-days must be at least 1/],
      [["--name", "ci", "--role", "viewer", "--colour", "red"], /unknown option --colour/],
      [["--name"], /--name needs a value/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await token(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toContain("usage: npm run token");
      expect(stdout).toBe("");
    }
  }, 120_000);

  it("prints a token once that the API then accepts, with the role and plants asked for", async () => {
    const { code, stdout, stderr } = await token(["--name", "cli-made", "--role", "plant_manager", "--plants", "P100,P200", "--expires-days", "7"]);
    expect(code, stderr).toBe(0);
    const printed = stdout.trim();
    expect(printed).toMatch(/^llt_[A-Za-z0-9_-]{43}$/);
    expect(stderr).toContain('created "cli-made"');
    expect(stderr).toContain("will not be shown again");

    // Now this process opens the same database, as the app would after the CLI finished.
    started = true;
    const db = (await getRuntime()).db!;
    const row = await db!.apiToken.findFirstOrThrow({ where: { name: "cli-made" } });
    expect(row).toMatchObject({ role: "plant_manager", plants: ["P100", "P200"], prefix: printed.slice(0, 8), createdById: null });
    expect(row.expiresAt!.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    expect(await db!.auditLog.count({ where: { action: "api_token.created", entityId: row.id, actorLabel: { startsWith: "cli" } } })).toBe(1);

    const { authenticateApiToken } = await import("../lib/auth/api-tokens");
    expect(await authenticateApiToken(printed, { db })).toMatchObject({ kind: "token", role: "plant_manager", plants: ["P100", "P200"] });
    expect((await search(printed)).status).toBe(200);
  }, 120_000);

  it("says to use the UI or stop the app when the app has the embedded database open", async () => {
    expect(started).toBe(true);
    const { code, stdout, stderr } = await token(["--name", "while-running", "--role", "viewer"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(`process ${process.pid}`);
    expect(stderr).toMatch(/Admin → API tokens/);
    expect(stderr).toMatch(/stop the app/);
    const db = (await getRuntime()).db!;
    expect(await db!.apiToken.count({ where: { name: "while-running" } })).toBe(0);
  }, 120_000);
});
