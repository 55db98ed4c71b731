import { Writable } from 'node:stream';
import { GrammyError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { AmoApiError } from '../src/crm/amocrm/client';
import { createLogger } from '../src/logger';

/** A logger writing JSON lines into an array, as pino writes them to stderr. */
function capture() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

describe('errors in logs', () => {
  it('keep their stack, typed fields and cause', () => {
    const { logger, lines } = capture();
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    logger.error({ err: new AmoApiError('amoCRM is unavailable', 'unavailable', 503, { cause }) }, 'sync failed');
    const err = lines[0]!.err;
    expect(err).toMatchObject({ type: 'AmoApiError', message: 'amoCRM is unavailable', failure: 'unavailable', status: 503, crm: 'amocrm' });
    expect(err.stack).toContain('AmoApiError: amoCRM is unavailable');
    expect(err.cause).toMatchObject({ message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED' });
  });

  it('leave out what was being sent: a Bot API error keeps its method and code, not the message text', () => {
    const { logger, lines } = capture();
    const payload = { chat_id: 42, text: 'Сделка «ООО Ромашка», +7 900 123-45-67' };
    logger.warn({ err: new GrammyError('Call to sendMessage failed', { ok: false, error_code: 400, description: 'Bad Request: chat not found' }, 'sendMessage', payload) }, 'command failed');
    const line = JSON.stringify(lines[0]);
    expect(lines[0]!.err).toMatchObject({ method: 'sendMessage', error_code: 400, description: 'Bad Request: chat not found' });
    expect(line).not.toContain('Ромашка');
    expect(line).not.toContain('900 123');
  });
});

describe('redaction', () => {
  it.each([
    [{ token: 'secret-1' }, 'secret-1'],
    [{ config: { TELEGRAM_BOT_TOKEN: '123:ABC' } }, '123:ABC'],
    [{ html: 'Сделка Иванов +7 916 123-45-67' }, 'Иванов'],
    [{ message: { text: 'Перезвонить Ольге', caption: 'Ольга' } }, 'Ольг'],
    [{ ping: { dealName: 'Иванов Пётр', task: 'Позвонить 89161234567' } }, '89161234567'],
    [{ finding: { facts: { task: 'Смирновой' } } }, 'Смирнов'],
    [{ phone: '+79161234567', email: 'olga@mail.ru' }, 'olga@mail.ru'],
  ])('%o never reaches the log', (fields, secret) => {
    const { logger, lines } = capture();
    logger.info(fields, 'something happened');
    expect(JSON.stringify(lines[0])).not.toContain(secret);
    expect(lines[0]!.msg).toBe('something happened');
  });
});
