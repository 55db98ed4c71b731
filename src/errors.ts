/**
 * One line that says what went wrong, for people: the CLI, a sync run's
 * recorded error, a chat answer. Logs take the error object itself (err).
 * Causes are followed so "fetch failed" shows the network error behind it.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return [...new Set(parts)].join(': ');
}

/** Work refused or cut short because the process is stopping (SIGTERM): expected, not a failure. */
export class ShuttingDownError extends Error {
  constructor(what: string) {
    super(`${what}: the bot is stopping`);
    this.name = 'ShuttingDownError';
  }
}

/** Whether an error is, or was caused by, the process stopping. */
export function isShuttingDown(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof ShuttingDownError) return true;
    current = current.cause;
  }
  return false;
}
