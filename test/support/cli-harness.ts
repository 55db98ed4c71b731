import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../../src/clock';
import { runCli } from '../../src/cli/run';

/** The CLI run in-process on its own temp database and output folder, at a fixed instant. */
export function cliHarness(now: string, extraEnv: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'crm-qc-cli-'));
  const clock = new FixedClock(new Date(now));
  const env: Record<string, string> = { DATABASE_PATH: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out'), LOG_LEVEL: 'silent', ...extraEnv };
  return {
    dir,
    clock,
    env,
    async run(...argv: string[]) {
      let stdout = '';
      let stderr = '';
      const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
      const code = await runCli(argv, env, io, clock);
      return { code, stdout, stderr };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The findings of one rule open at `iso`, as `findings --json --at` prints them: the deal, the manager, since when, the explanation. */
export async function ruleFindingsAt(cli: ReturnType<typeof cliHarness>, iso: string, rule: string) {
  const result = await cli.run('findings', '--json', '--at', iso);
  if (result.stderr !== '') throw new Error(`findings --at ${iso} failed: ${result.stderr}`);
  const findings = JSON.parse(result.stdout) as { rule: string; dealId: string | null; managerId: string | null; since: string; explanation: string }[];
  return findings.filter((f) => f.rule === rule).map((f) => ({ dealId: f.dealId, managerId: f.managerId, since: f.since, explanation: f.explanation }));
}
