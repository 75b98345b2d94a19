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
    // When each send may go, on Redis's clock: between the time it asked plus the wait it was
    // given and the time the answer came back plus that wait (a busy machine, or a cluster
    // redirect, delays some answers). On a loaded machine the asks spread out, so the waits
    // shrink; the slots they name must not.
    const slots: Array<{ lo: number; hi: number }> = [];
    for (let i = 0; i < 31; i++) {
      const asked = Date.now();
      const wait = await t.runtime.ctx.stores.pacer.takeSlot('messenger', 'p1', 1000 / 30);
      slots.push({ lo: asked + wait, hi: Date.now() + wait });
    }
    const first = slots[0]!;
    const last = slots[30]!;
    expect(last.hi - first.lo).toBeGreaterThanOrEqual(995); // the 31st is a full second after the 1st (ms rounding)…
    expect(last.lo - first.hi).toBeLessThan(1100); // …and not much more (2% margin)
    // One slot (34 ms) apart, less the time a call takes.
    for (let i = 1; i < slots.length; i++) expect(slots[i]!.hi).toBeGreaterThanOrEqual(slots[i - 1]!.lo + 20);
  });

  it('keeps accounts apart: another account is not slowed by the first', async () => {
    t = await startTestApp({ workers: false });
    for (let i = 0; i < 10; i++) await t.runtime.ctx.stores.pacer.takeSlot('telegram', 'bot-a', 40);
    expect(await t.runtime.ctx.stores.pacer.takeSlot('telegram', 'bot-b', 40)).toBe(0);
  });
});
