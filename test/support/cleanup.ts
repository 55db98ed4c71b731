import { afterEach } from 'vitest';

/**
 * What a test file starts (a fake server, a temp database) and ends after
 * each test, newest first: `cleanup.add(await startFakeAmo(…), (f) => f.close())`.
 * Registers its afterEach when called, so call it at the top of the file.
 */
export function cleanupAfterEach(): { add<T>(thing: T, end: (thing: T) => unknown): T } {
  const ends: (() => unknown)[] = [];
  afterEach(async () => {
    while (ends.length > 0) await ends.pop()!();
  });
  return {
    add(thing, end) {
      ends.push(() => end(thing));
      return thing;
    },
  };
}
