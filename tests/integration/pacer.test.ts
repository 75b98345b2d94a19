import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('send pacing per channel account', () => {
  it('spaces 31 sends at 30/s so no rolling second holds more than 30', async () => {
    t = await startTestApp({ workers: false });
    // When each send may go: the time it asked plus the wait it was given. On a loaded machine
    // the asks spread out, so the waits shrink; the slots they name must not.
    const slots: number[] = [];
    for (let i = 0; i < 31; i++) {
      const asked = Date.now();
      slots.push(asked + (await t.runtime.ctx.stores.pacer.takeSlot('messenger', 'p1', 1000 / 30)));
    }
    const first = slots[0] as number;
    const last = slots[30] as number;
    expect(last - first).toBeGreaterThanOrEqual(995); // the 31st is a full second after the 1st (ms rounding)…
    expect(last - first).toBeLessThan(1100); // …and not much more (2% margin)
    for (let i = 1; i < slots.length; i++) expect(slots[i]).toBeGreaterThanOrEqual((slots[i - 1] as number) + 20); // one slot (34 ms) apart, less the time a call takes
  });

  it('keeps accounts apart: another account is not slowed by the first', async () => {
    t = await startTestApp({ workers: false });
    for (let i = 0; i < 10; i++) await t.runtime.ctx.stores.pacer.takeSlot('telegram', 'bot-a', 40);
    expect(await t.runtime.ctx.stores.pacer.takeSlot('telegram', 'bot-b', 40)).toBe(0);
  });
});
