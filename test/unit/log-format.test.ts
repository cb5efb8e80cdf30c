import { Writable } from 'node:stream';
import { chooseLogFormat, createLogger, type LogFormat } from '../../src/logger';
import { startedMessage } from '../../src/server';

/** A stream that keeps what the logger writes. */
function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('chooseLogFormat', () => {
  test.each<['auto' | LogFormat, boolean, LogFormat]>([
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['json', true, 'json'],
    ['json', false, 'json'],
    ['pretty', true, 'pretty'],
    ['pretty', false, 'pretty'],
  ])('LOG_FORMAT=%s with a terminal: %s → %s', (setting, terminal, expected) => {
    expect(chooseLogFormat(setting, terminal)).toBe(expected);
  });
});

describe('createLogger', () => {
  test('json writes one JSON object a line, with the secrets removed', () => {
    const out = collector();
    createLogger('info', 'json', out.stream).info({ user: { password: 'hunter2hunter2' } }, 'signed in');
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'signed in', user: { password: '[redacted]' } });
  });

  test('pretty writes a readable line: time, level and message, no JSON, the secrets still removed', () => {
    const out = collector();
    createLogger('info', 'pretty', out.stream).info({ port: 3000, user: { password: 'hunter2hunter2' } }, 'EIA Portfolio is running at http://localhost:3000');
    const text = out.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: EIA Portfolio is running at http:\/\/localhost:3000\n/);
    expect(text).toContain('port: 3000');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('{"level"');
  });

  test('pretty writes a request as one short line', () => {
    const out = collector();
    createLogger('info', 'pretty', out.stream).info({ req: { id: 'r1', method: 'GET', url: '/practice' }, res: { statusCode: 200 }, responseTime: 12 }, 'request completed');
    expect(out.text()).toMatch(/INFO: GET \/practice 200 12 ms\n$/);
  });
});

describe('startedMessage', () => {
  test('names the address with the port the server really listens on', () => {
    expect(startedMessage(3000, { port: 3000, baseUrl: 'http://localhost:3000' })).toBe('EIA Portfolio is running at http://localhost:3000');
    expect(startedMessage(41234, { port: 0, baseUrl: 'http://localhost:0' })).toBe('EIA Portfolio is running at http://localhost:41234');
  });

  test('adds the public address when BASE_URL is set', () => {
    expect(startedMessage(3000, { port: 3000, baseUrl: 'https://eia.example.org' })).toBe('EIA Portfolio is running at http://localhost:3000 (public address https://eia.example.org)');
  });
});
