/**
 * Sign-in benchmark (DESIGN §10): how long a person waits, and what the limits let through.
 *   A. a code: POST /v1/auth/code → the code on the person's simulated phone (the phone's
 *      deliver() is timed) → POST /v1/auth/code/verify, one person after another;
 *   B. a password (scrypt, N = 2^15): POST /v1/auth/password;
 *   C. a signed-in read: GET /v1/events with the session cookie, against the same with an API key;
 *   D. the limits: wrong passwords for one login until 429, and how fast a refused try answers.
 * Each sample comes from an address of its own (app.inject's remoteAddress), so the per-address
 * limits do not cut the run short. Prints p50/p99/max; never asserts.
 *
 *   npm run bench -- sign-in [--samples 50]
 */
import os from 'node:os';
import type { Person } from '../src/core/people.js';
import { hashPassword } from '../src/services/passwords.js';
import { createPerson } from '../src/services/people.js';
import { KEY_S1, auth, startTestApp, type TestApp } from '../tests/helpers/app.js';
import { parseIntOptions, usage, type IntOption } from './lib/args.js';
import { onCleanup } from './lib/cleanup.js';
import { fixed, int, ms, table, type Row } from './lib/format.js';
import { now, percentile } from './lib/timing.js';

const OPTIONS = [
  { flag: 'samples', env: ['BENCH_SAMPLES'], default: 50, min: 5, max: 2000, help: 'sign-ins of each kind' },
] as const satisfies readonly IntOption[];

const PASSWORD = 'a long benchmark password';
const TIMEOUT_MS = 15_000;

/** Resolves with the time a simulated phone next receives a message, and its text. */
function watchPhones(t: TestApp): (address: string) => Promise<{ at: number; text: string }> {
  const waiting = new Map<string, (m: { at: number; text: string }) => void>();
  const phones = t.runtime.ctx.stores.simulator;
  const deliver = phones.deliver.bind(phones);
  phones.deliver = async (schoolId, address, messages) => {
    await deliver(schoolId, address, messages);
    waiting.get(address)?.({ at: now(), text: messages.map((m) => m.text).join('\n') });
  };
  return (address) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no code on ${address} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    waiting.set(address, (m) => {
      clearTimeout(timer);
      waiting.delete(address);
      resolve(m);
    });
  });
}

const ip = (i: number) => `10.${Math.floor(i / 250) % 250}.${i % 250}.${(i * 7) % 250 + 1}`;

async function post(t: TestApp, url: string, payload: object, i: number, headers: Record<string, string> = {}) {
  const start = now();
  const res = await t.app.inject({ method: 'POST', url, payload, headers, remoteAddress: ip(i) });
  return { res, ms: now() - start };
}

function summary(label: string, l: number[], note = ''): Row[] {
  return [
    [`${label} p50`, ms(percentile(l, 50)), note],
    [`${label} p99`, ms(percentile(l, 99))],
    [`${label} max`, ms(Math.max(...l))],
  ];
}

export async function run(argv: string[]): Promise<void> {
  if (argv.includes('--help')) return void console.log(usage('sign-in', OPTIONS));
  const { samples } = parseIntOptions(argv, process.env, OPTIONS);
  let t: TestApp | undefined;
  const cleanup = onCleanup(async () => t?.close());
  try {
    t = await startTestApp({ env: { LOG_LEVEL: 'silent' } });
    const next = watchPhones(t);
    const people: Person[] = [];
    for (let i = 0; i < samples; i++) {
      const p = await createPerson(t.runtime.ctx, 's1', { name: `Staff ${i}`, login: `bench-${i}`, role: 'staff', channels: { simulator: `sim-bench-${i}` } }, 'bench');
      await t.runtime.ctx.stores.people.setPasswordHash('s1', p.id, await hashPassword(PASSWORD));
      people.push(p);
    }

    const codeToPhone: number[] = [];
    const codeTotal: number[] = [];
    for (const [i, p] of people.entries()) {
      const arrived = next(`sim-bench-${i}`);
      const start = now();
      await post(t, '/v1/auth/code', { login: p.login }, i);
      const message = await arrived;
      codeToPhone.push(message.at - start);
      const code = /\b(\d{6})\b/.exec(message.text)?.[1] ?? '';
      const verified = await post(t, '/v1/auth/code/verify', { login: p.login, code }, i);
      if (verified.res.statusCode !== 200) throw new Error(`verify answered ${verified.res.statusCode}`);
      codeTotal.push(now() - start);
    }

    const password: number[] = [];
    let cookie = '';
    for (const [i, p] of people.entries()) {
      const signed = await post(t, '/v1/auth/password', { login: p.login, password: PASSWORD }, samples + i);
      if (signed.res.statusCode !== 200) throw new Error(`password sign-in answered ${signed.res.statusCode}`);
      password.push(signed.ms);
      cookie = /sb_session=([^;]*)/.exec(String(signed.res.headers['set-cookie']))?.[1] ?? '';
    }

    const read = async (headers: Record<string, string>) => {
      const l: number[] = [];
      for (let i = 0; i < samples * 4; i++) {
        const start = now();
        await t!.app.inject({ method: 'GET', url: '/v1/events', headers });
        l.push(now() - start);
      }
      return l;
    };
    const byCookie = await read({ cookie: `sb_session=${cookie}` });
    const byKey = await read(auth(KEY_S1));

    const target = people[0] as Person;
    let allowed = 0;
    let refused: { status: number; retryAfter: string | undefined; ms: number } | undefined;
    for (let i = 0; i < 50 && !refused; i++) {
      const tried = await post(t, '/v1/auth/password', { login: target.login, password: `wrong guess ${i}` }, 10_000 + i);
      if (tried.res.statusCode === 429) refused = { status: 429, retryAfter: tried.res.headers['retry-after'] as string | undefined, ms: tried.ms };
      else allowed++;
    }
    const rightAfter = await post(t, '/v1/auth/password', { login: target.login, password: PASSWORD }, 20_000);

    const load = os.loadavg().map((l) => fixed(l, 2)).join(' ');
    console.log(`\n${table(`sign-in benchmark: ${samples} people, Node ${process.version}, ${os.cpus().length} CPU, load ${load}`, [
      { name: 'A. a code from the bot (simulator channel, in-process)', rows: [...summary('to the phone', codeToPhone, 'POST /v1/auth/code -> code on the phone'), ...summary('signed in', codeTotal, '... -> verify answered, cookie set')] },
      { name: 'B. a password (scrypt N=2^15, r=8)', rows: summary('signed in', password) },
      { name: `C. a signed-in read (GET /v1/events, ${samples * 4} each)`, rows: [...summary('cookie', byCookie), ...summary('API key', byKey)] },
      { name: 'D. wrong passwords for one login (15-minute window)', rows: [
        ['wrong tries let through', int(allowed), 'then every try is refused'],
        ['refused with', refused ? `${refused.status}` : 'never', refused ? `Retry-After ${refused.retryAfter} s; answered in ${ms(refused.ms)} (no scrypt)` : ''],
        ['the right password then', String(rightAfter.res.statusCode), 'refused too, until the window passes'],
      ] },
    ])}\n`);
    console.log(JSON.stringify({
      bench: 'sign-in', at: new Date().toISOString(), samples,
      codeToPhoneP50: r1(percentile(codeToPhone, 50)), codeToPhoneP99: r1(percentile(codeToPhone, 99)), codeTotalP99: r1(percentile(codeTotal, 99)),
      passwordP50: r1(percentile(password, 50)), passwordP99: r1(percentile(password, 99)),
      cookieReadP50: r1(percentile(byCookie, 50)), keyReadP50: r1(percentile(byKey, 50)), wrongTriesAllowed: allowed, refusedMs: refused ? r1(refused.ms) : null,
    }));
  } finally {
    await cleanup();
  }
}

function r1(n: number): number {
  return Math.round(n * 10) / 10;
}
