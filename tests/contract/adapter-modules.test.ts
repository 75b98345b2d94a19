/**
 * Every adapter folder gives the service the same module shape (core/adapter-module.ts), and
 * the registry (src/adapters.ts) lists each folder once: a new platform is a folder that passes
 * this, plus one line in the registry.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZodObject } from 'zod';
import { ADAPTER_MODULES } from '../../src/adapters.js';
import { PLATFORMS, type AdapterModule } from '../../src/core/index.js';

const ROOT = join(process.cwd(), 'adapters');
const FOLDERS = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
/** The files every adapter has: the factory, its config, payload schemas, the pure in and out, the one IO file, its limits. */
const FILES = ['api.ts', 'capabilities.ts', 'config.ts', 'inbound.ts', 'index.ts', 'outbound.ts', 'schema.ts'];

describe('adapter modules', () => {
  it('the registry lists every adapter folder once, by its kind', () => {
    expect(ADAPTER_MODULES.map((m) => m.kind).sort()).toEqual(FOLDERS);
  });

  it.each(FOLDERS)('%s: has the common files, and verify.ts exactly when it takes webhooks', async (folder) => {
    const files = readdirSync(join(ROOT, folder));
    for (const f of FILES) expect(files, `${folder}/${f}`).toContain(f);
    const mod = (await import(join(ROOT, folder, 'index.ts'))) as { adapterModule: AdapterModule };
    const takesWebhooks = mod.adapterModule.secretHeaders.length > 0;
    expect(files.includes('verify.ts'), `${folder}/verify.ts`).toBe(takesWebhooks);
  });

  it.each(FOLDERS)('%s: exports its module with the shape the service reads', async (folder) => {
    const { adapterModule: m } = (await import(join(ROOT, folder, 'index.ts'))) as { adapterModule: AdapterModule };
    expect(m.kind).toBe(folder);
    expect(PLATFORMS).toContain(m.platform);
    expect(m.config).toBeInstanceOf(ZodObject);
    expect(Object.keys(m.config.shape).length).toBeGreaterThan(0);
    expect(typeof m.accounts).toBe('function');
    for (const h of m.secretHeaders) expect(h).toBe(h.toLowerCase());
    expect(m.roster.names).toContain(m.platform);
    for (const n of m.roster.names) expect(n).toBe(n.toLowerCase());
    expect(m.roster.noun.length).toBeGreaterThan(0);
    expect(m.roster.example.length).toBeGreaterThan(0);
    if (m.process) {
      expect(m.process.role).toMatch(/^[a-z]+$/);
      expect(typeof m.process.open).toBe('function');
      expect(typeof m.process.holds).toBe('function');
    }
  });

  it('with no variables set, a module makes no account but the simulator', () => {
    const deps = { now: () => new Date(), random: Math.random, sleep: async () => {}, transcripts: { deliver: async () => {} }, dailyCounter: () => ({ increment: async () => 1 }) };
    for (const m of ADAPTER_MODULES as readonly AdapterModule[]) {
      const config = m.config.parse({});
      expect(m.accounts(config, deps).length, m.kind).toBe(m.platform === 'simulator' ? 1 : 0);
    }
  });
});
