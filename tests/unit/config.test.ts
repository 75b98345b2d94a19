import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, demoEnabled, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('starts with no configuration at all (the demo)', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DEFAULT_TIME_ZONE).toBe('Africa/Casablanca');
    expect(demoEnabled(c)).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('documents every variable in .env.example, and nothing that does not exist', () => {
    const documented = new Set(
      readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')
        .split('\n')
        .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
        .filter((k): k is string => Boolean(k)),
    );
    const known = new Set(CONFIG_VARIABLES);
    expect([...known].filter((k) => !documented.has(k))).toEqual([]);
    expect([...documented].filter((k) => !known.has(k))).toEqual([]);
  });

  it('reads REDIS_CLUSTER_NODES as host:port pairs, and names a wrong entry', () => {
    const c = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.5:6379, redis-2.internal:7000,[::1]:7001', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(c.REDIS_CLUSTER_NODES).toEqual([{ host: '10.0.0.5', port: 6379 }, { host: 'redis-2.internal', port: 7000 }, { host: '::1', port: 7001 }]);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.5:6379,redis-2' })).toThrow(/REDIS_CLUSTER_NODES: entry 2 must be host:port/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.5:99999' })).toThrow(/REDIS_CLUSTER_NODES/);
  });

  it('reads API keys bound to a school or to every school, and turns the demo off', () => {
    const c = loadConfig({ API_KEYS: 'abcdefghijklmnop1234=school-1, ZYXWVUTSRQPONMLK9876=*' });
    expect(c.API_KEYS).toEqual([
      { key: 'abcdefghijklmnop1234', school: 'school-1' },
      { key: 'ZYXWVUTSRQPONMLK9876', school: '*' },
    ]);
    expect(demoEnabled(c)).toBe(false);
  });

  it('trusts only the proxies named in TRUST_PROXY, never any', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,loopback,::1' }).TRUST_PROXY).toEqual(['10.0.0.5', '172.16.0.0/12', 'loopback', '::1']);
    for (const bad of ['true', '*', '1', '10.0.0.0/33', 'proxy.local']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });
});
