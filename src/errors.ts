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
