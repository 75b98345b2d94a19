import { describe, expect, it } from 'vitest';
import { batchSize, jobLimiter } from '../../src/queue/batching.js';

describe('outbound batching', () => {
  it.each([
    [{ max: 25, durationMs: 1000 }], // Telegram
    [{ max: 30, durationMs: 1000 }], // Messenger
    [{ max: 1, durationMs: 4000 }], // WhatsApp Web
    [{ max: 13, durationMs: 1000 }],
    [{ max: 100, durationMs: 1000 }],
    [{ max: 1000, durationMs: 1000 }],
  ])('never lets more messages through a window than the channel allows (%o)', (rate) => {
    const limiter = jobLimiter(rate)!;
    expect(limiter.duration).toBe(rate.durationMs);
    expect(limiter.max * batchSize(rate)).toBeLessThanOrEqual(rate.max);
    // …and does not waste much of it either.
    expect(limiter.max * batchSize(rate)).toBeGreaterThanOrEqual(Math.floor(rate.max * 0.8));
  });

  it('keeps one guardian per job on slow channels, and batches when limits are lifted', () => {
    expect(batchSize({ max: 1 })).toBe(1);
    expect(batchSize({ max: 4 })).toBe(1);
    expect(batchSize({ max: 0 })).toBe(25);
    expect(jobLimiter({ max: 0, durationMs: 1000 })).toBeUndefined();
  });
});
