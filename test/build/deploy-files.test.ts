import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTRIES, ROOT } from '../../scripts/build.mjs';

// The Dockerfile cannot be built here (no image registry is reachable), so its steps are held to
// what CI runs: scripts/production-check replays the build stage's scripts and the runtime stage's cut-down.
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const dockerfile = read('Dockerfile');
const ci = read('.ci/run');
const productionCheck = read('scripts/production-check');

/** The Dockerfile's instructions, continuation lines joined, comments left out. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** The `bash scripts/…` calls in a text. */
const scriptCalls = (text: string) => [...text.matchAll(/bash (scripts\/[\w.-]+)/g)].map((m) => m[1]!);

describe('Dockerfile', () => {
  const steps = instructions(dockerfile);
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds with the scripts CI runs: scripts/setup and scripts/build-production, replayed by scripts/production-check', () => {
    const run = steps.filter((s) => s.op === 'RUN').map((s) => s.args).join('\n');
    expect(scriptCalls(run)).toEqual(['scripts/setup', 'scripts/build-production']);
    expect(scriptCalls(ci)).toContain('scripts/production-check');
    expect(scriptCalls(productionCheck)).toEqual(expect.arrayContaining(['scripts/setup', 'scripts/build-production']));
  });

  it('is multi-stage on Debian slim Node 20, and the runtime stage runs as a non-root user', () => {
    expect(steps.filter((s) => s.op === 'FROM').map((s) => s.args)).toEqual(['node:${NODE_VERSION}-bookworm-slim AS build', 'node:${NODE_VERSION}-bookworm-slim AS runtime']);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=20$/m);
    expect(stages[1]).toMatch(/^USER node$/m);
  });

  it('the runtime stage keeps exactly what scripts/production-check keeps and runs', () => {
    const copied = instructions(stages[1]!)
      .filter((s) => s.op === 'COPY')
      .map((s) => s.args.split(/\s+/).find((arg) => arg.startsWith('/app/'))!.replace('/app/', '').replace(/\/$/, ''));
    const kept = [...productionCheck.matchAll(/! -name ([\w.-]+)/g)].map((m) => m[1]!);
    expect(copied.sort()).toEqual(kept.sort());
  });

  it('starts the built entry point, keeps the data on a volume, and checks /healthz on the port it sets', () => {
    expect(ENTRIES).toContain('src/main.ts');
    expect(steps.find((s) => s.op === 'CMD')?.args).toBe('["node", "dist/main.js"]');
    expect(productionCheck).toContain('node dist/main.js');
    expect(stages[1]).toMatch(/DATABASE_PATH=\/data\//);
    expect(stages[1]).toMatch(/VOLUME \["\/data"\]/);
    expect(stages[1]).toMatch(/HTTP_PORT=\d+/);
    expect(steps.find((s) => s.op === 'HEALTHCHECK')?.args).toContain("process.env.HTTP_PORT + '/healthz'");
  });
});

describe('docker-compose.yml and the systemd unit', () => {
  const compose = read('docker-compose.yml');
  const unit = read('docs/deploy/crm-qc-bot.service');

  it('compose keeps the database and the backups on volumes, over whatever .env says', () => {
    expect(compose).toMatch(/DATABASE_PATH: \/data\//);
    expect(compose).toMatch(/- data:\/data/);
    expect(compose).toMatch(/BACKUP_DIR: \/backups/);
    expect(compose).toMatch(/- backups:\/backups/);
  });

  it('both give the bot more time to stop than it gives itself', async () => {
    const { SHUTDOWN_DEADLINE_MS } = await import('../../src/app');
    const composeGrace = Number(/stop_grace_period: (\d+)s/.exec(compose)?.[1]);
    const unitTimeout = Number(/TimeoutStopSec=(\d+)/.exec(unit)?.[1]);
    expect(composeGrace * 1000).toBeGreaterThan(SHUTDOWN_DEADLINE_MS);
    expect(unitTimeout * 1000).toBeGreaterThan(SHUTDOWN_DEADLINE_MS);
  });

  it('the unit runs the built entry point and sends SIGTERM', () => {
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node .*\/dist\/main\.js$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
  });
});
