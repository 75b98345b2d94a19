import { describe, expect, it } from 'vitest';
import { PermanentError, TransientError } from '../../src/core/errors.js';
import { EventEmitter } from 'node:events';
import { isConnectionError, RedisHealth } from '../../src/store/redis-health.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const named = (message: string, name: string) => Object.assign(new Error(message), { name });

describe('isConnectionError: Redis unreachable, as ioredis and BullMQ say it', () => {
  it.each([
    ['the socket refused', withCode('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED')],
    ['the socket reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['no such host', withCode('getaddrinfo ENOTFOUND redis', 'ENOTFOUND')],
    ['no offline queue', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a closed connection', new Error('Connection is closed.')],
    ['a command in flight when it dropped', named('Reached the max retries per request limit (which is 0). Refer to "maxRetriesPerRequest" option for details.', 'MaxRetriesPerRequestError')],
    ["BullMQ's own", named('Connection is closed.', 'ConnectionClosedError')],
    ['Redis still loading its data after a restart', new Error('LOADING Redis is loading the dataset in memory')],
  ])('%s → yes', (_label, err) => {
    expect(isConnectionError(err)).toBe(true);
  });

  it.each([
    ["a platform's network failure (a failed send, not our outage)", new TransientError("Network request for 'sendMessage' failed! (ECONNREFUSED)", { platform: 'telegram' })],
    ['a platform refusing', new PermanentError('unreachable', 'Forbidden: bot was blocked by the user', { platform: 'telegram' })],
    ['a wrong command', new Error('ERR wrong number of arguments for \'hset\' command')],
    ['a script error', new Error('ERR Error running script (call to f_1): @user_script:3: bad argument')],
    ['something else with the same code', withCode('Network request failed (ECONNREFUSED)', 'ECONNREFUSED')],
    ['not an Error', 'connect ECONNREFUSED'],
  ])('%s → no', (_label, err) => {
    expect(isConnectionError(err)).toBe(false);
  });
});

describe('RedisHealth: the log of an outage', () => {
  const setup = () => {
    const said: Array<{ level: string; msg: string }> = [];
    const at = { ms: 1_000_000 };
    const log = {
      info: (_o: object, msg?: string) => said.push({ level: 'info', msg: msg ?? '' }),
      warn: (_o: object, msg?: string) => said.push({ level: 'warn', msg: msg ?? '' }),
      error: (_o: object, msg?: string) => said.push({ level: 'error', msg: msg ?? '' }),
    };
    const health = new RedisHealth(log, () => at.ms);
    const client = new EventEmitter() as EventEmitter & { status: string };
    client.status = 'ready';
    health.watch('store', client as unknown as Parameters<RedisHealth['watch']>[1]);
    return { said, at, health, client };
  };
  const missing = (step: string) => new Error(`Missing key for job ob-ev1-simulator-0-0. ${step}`);

  it('a job settled just before the outage and answered late is one warning, not an error per job', () => {
    const { said, at, health, client } = setup();
    client.emit('close');
    health.report(new Error('Connection is closed.'), {}, 'worker error');
    health.report(missing('moveToFinished'), {}, 'worker error');
    client.emit('ready');
    at.ms += 10;
    health.report(missing('moveToFinished'), {}, 'worker error');
    health.report(missing('moveToDelayed'), {}, 'worker error');
    expect(said.map((l) => l.level)).toEqual(['warn', 'info', 'warn']);
    expect(said[2]!.msg).toMatch(/settled just before the outage/);
  });

  it('the same error long after an outage, or with none, is an error again', () => {
    const { said, at, health, client } = setup();
    health.report(missing('moveToFinished'), {}, 'worker error');
    client.emit('close');
    client.emit('ready');
    at.ms += 60_000;
    health.report(missing('moveToDelayed'), {}, 'worker error');
    expect(said.map((l) => l.level)).toEqual(['error', 'warn', 'info', 'error']);
  });
});
