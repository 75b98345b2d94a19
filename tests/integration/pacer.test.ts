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
    const waits: number[] = [];
    for (let i = 0; i < 31; i++) waits.push(await t.runtime.ctx.stores.pacer.takeSlot('messenger', 'p1', 1000 / 30));
    // Taken back to back: each send waits one slot more than the one before.
    expect(waits[0]).toBe(0);
    const last = waits[30] as number;
    expect(last).toBeGreaterThanOrEqual(1000); // the 31st is a full second after the 1st…
    expect(last).toBeLessThan(1100); // …and not much more (2% margin)
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1] as number);
  });

  it('keeps accounts apart: another account is not slowed by the first', async () => {
    t = await startTestApp({ workers: false });
    for (let i = 0; i < 10; i++) await t.runtime.ctx.stores.pacer.takeSlot('telegram', 'bot-a', 40);
    expect(await t.runtime.ctx.stores.pacer.takeSlot('telegram', 'bot-b', 40)).toBe(0);
  });
});
