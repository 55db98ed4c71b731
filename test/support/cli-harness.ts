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
