import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/core/text.js';

describe('splitText', () => {
  it('keeps a short message whole', () => {
    expect(splitText('Dear parent, see you Monday.', 100)).toEqual(['Dear parent, see you Monday.']);
  });

  it('cuts at paragraph, then sentence boundaries, never past the limit', () => {
    const text = 'First paragraph is here.\n\nSecond one. It has two sentences. And a third one here.';
    const parts = splitText(text, 40);
    expect(parts[0]).toBe('First paragraph is here.');
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(40);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('cuts Arabic at the Arabic question mark and comma', () => {
    const parts = splitText('هل ستحضرون الاجتماع؟ نرجو تأكيد حضوركم، شكرا جزيلا لكم', 25);
    expect(parts[0]).toBe('هل ستحضرون الاجتماع؟');
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(25);
  });

  it('never splits an emoji in two, and closes a bidi isolate cut across parts', () => {
    const emoji = splitText('👍'.repeat(30), 9);
    for (const p of emoji) expect(p).not.toMatch(/[\ud800-\udbff]$/);
    expect(emoji.join('')).toBe('👍'.repeat(30));
    const isolated = splitText(`\u2068${'a'.repeat(30)}\u2069`, 10);
    expect(isolated[0]?.endsWith('\u2069')).toBe(true);
  });
});
