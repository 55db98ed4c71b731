import { describe, expect, it } from 'vitest';
import { parseDigestArgs, type DigestCommand } from '../../src/control/args';

describe('/digest arguments', () => {
  const cases: [string, DigestCommand][] = [
    ['', { kind: 'show' }],
    ['morning off', { kind: 'switch', which: 'morning', on: false }],
    ['morning on', { kind: 'switch', which: 'morning', on: true }],
    ['Evening OFF', { kind: 'switch', which: 'evening', on: false }],
    ['утро выкл', { kind: 'switch', which: 'morning', on: false }],
    ['вечер вкл', { kind: 'switch', which: 'evening', on: true }],
    ['evening 19:30', { kind: 'evening-at', time: '19:30' }],
    ['evening 9:05', { kind: 'evening-at', time: '09:05' }],
    ['вечер 18.45', { kind: 'evening-at', time: '18:45' }],
    ['evening 00:00', { kind: 'evening-at', time: '00:00' }],
    ['evening 23:59', { kind: 'evening-at', time: '23:59' }],
    ['evening 24:00', { kind: 'bad-time', value: '24:00' }],
    ['evening 19:60', { kind: 'bad-time', value: '19:60' }],
    ['evening 7pm', { kind: 'bad', value: 'evening 7pm' }],
    ['morning 09:00', { kind: 'morning-at' }],
    ['morning', { kind: 'bad', value: 'morning' }],
    ['night off', { kind: 'bad', value: 'night off' }],
    ['evening off now', { kind: 'bad', value: 'evening off now' }],
  ];
  it.each(cases)('«%s»', (text, expected) => {
    expect(parseDigestArgs(text)).toEqual(expected);
  });
});
