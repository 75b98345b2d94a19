/**
 * The join slips' arithmetic and line ordering, without Redis or poppler: where the slips and
 * their codes sit on an A4 page, and the order the pieces of a mixed Arabic and Latin line are
 * drawn in (pdf-bidi.ts). What a printed page looks like is tests/e2e/join-slips.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PAGE, renderJoinSlipsPdf, slipLayout, slipRect, SLIPS_PER_PAGE, type Rect } from '../../src/services/join-slips-pdf.js';
import type { JoinSlip } from '../../src/services/join-slips.js';
import { visualPieces } from '../../src/services/pdf-bidi.js';

const inside = (a: Rect, b: Rect) => a.x >= b.x - 1e-9 && a.y >= b.y - 1e-9 && a.x + a.width <= b.x + b.width + 1e-9 && a.y + a.height <= b.y + b.height + 1e-9;
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** 1 mm in points. */
const MM = 72 / 25.4;

describe('slips on an A4 page', () => {
  const slots = Array.from({ length: SLIPS_PER_PAGE }, (_, i) => slipRect(i));

  it('are 2 × 4, row by row, tiling the page inside its margin without overlapping', () => {
    expect(SLIPS_PER_PAGE).toBe(8);
    const printable = { x: PAGE.marginPt, y: PAGE.marginPt, width: PAGE.widthPt - 2 * PAGE.marginPt, height: PAGE.heightPt - 2 * PAGE.marginPt };
    for (const s of slots) expect(inside(s, printable)).toBe(true);
    for (const [i, a] of slots.entries()) for (const b of slots.slice(i + 1)) expect(overlap(a, b)).toBe(false);
    expect(slots.reduce((sum, s) => sum + s.width * s.height, 0)).toBeCloseTo(printable.width * printable.height, 6);
    expect(slots[1]?.y).toBe(slots[0]?.y);
    expect(slots[2]?.x).toBe(slots[0]?.x);
    expect(slipRect(SLIPS_PER_PAGE + 3)).toEqual(slots[3]);
  });

  it.each([1, 2, 3, 4])('hold %i code(s) as squares inside the slip, apart, between the names and the help', (n) => {
    const slip = slots[5] as Rect;
    const layout = slipLayout(slip, n);
    expect(layout.codes).toHaveLength(n);
    const [, , classLine = 0] = layout.headerBaselines;
    const [firstHelpLine = 0] = layout.instructionBaselines;
    for (const [i, box] of layout.codes.entries()) {
      expect(box.width).toBe(box.height);
      expect(inside(box, layout.inner)).toBe(true);
      expect(box.y).toBeGreaterThan(classLine);
      expect(layout.labelBaseline).toBeGreaterThan(box.y + box.height);
      for (const other of layout.codes.slice(i + 1)) expect(overlap(box, other)).toBe(false);
    }
    expect(firstHelpLine).toBeGreaterThan(layout.labelBaseline);
    // Centred: as much room on the left of the row as on its right.
    const first = layout.codes[0] as Rect;
    const last = layout.codes[n - 1] as Rect;
    expect(first.x - layout.inner.x).toBeCloseTo(layout.inner.x + layout.inner.width - (last.x + last.width), 6);
  });

  it('keeps a code big enough for a phone at arm’s length: 2.5 cm with up to three apps, 2 cm with four', () => {
    for (const n of [1, 2, 3]) expect((slipLayout(slots[0] as Rect, n).codes[0] as Rect).width).toBeGreaterThan(25 * MM);
    expect((slipLayout(slots[0] as Rect, 4).codes[0] as Rect).width).toBeGreaterThan(20 * MM);
    expect(slipLayout(slots[0] as Rect, 0).codes).toEqual([]);
  });

  it('starts a new page every 8 slips', async () => {
    const slip: JoinSlip = { childName: 'سارة', className: '5A', guardianId: 'g1', guardianName: 'Amina', codes: [{ platform: 'telegram', label: 'Telegram', url: 'https://t.me/bot?start=ABC' }] };
    const pages = async (n: number) => (await renderJoinSlipsPdf({ className: '5A', slips: Array.from({ length: n }, () => slip) })).toString('latin1').match(/\/Type \/Page(?!s)/g)?.length;
    expect(await pages(8)).toBe(1);
    expect(await pages(9)).toBe(2);
  });
});

describe('a line of mixed Arabic and Latin, in drawing order', () => {
  const fontFor = (codePoint: number) => (codePoint >= 0x600 && codePoint <= 0x6ff ? 'arabic' : 'latin');
  const drawn = (line: string, direction: 'ltr' | 'rtl' | 'auto') => visualPieces(line, direction, fontFor).map((p) => p.text);

  it('puts the words of an Arabic line right to left, each word whole for the font to join', () => {
    // fontkit reverses the letters inside each word itself; the words are ours to order.
    expect(drawn('سارة بنعلي', 'rtl')).toEqual(['بنعلي', ' ', 'سارة']);
    expect(drawn('سارة بنعلي', 'auto')).toEqual(['بنعلي', ' ', 'سارة']);
  });

  it('keeps a Latin name and a number left to right inside an Arabic line, and an Arabic name inside a Latin one', () => {
    expect(drawn('القسم 5A مع Fatima', 'rtl')).toEqual(['Fatima', ' ', 'مع', ' ', '5A', ' ', 'القسم']);
    expect(drawn('Classe الخامس أ', 'ltr')).toEqual(['Classe', ' ', 'أ', ' ', 'الخامس']);
  });

  it('mirrors brackets in a right-to-left run, and draws Arabic-Indic digits one by one (fontkit would reverse them)', () => {
    expect(drawn('(الأم)', 'rtl')).toEqual(['(', 'الأم', ')']);
    expect(drawn('٢٠٢٦', 'rtl')).toEqual(['٢', '٠', '٢', '٦']);
  });

  it('drops bidi controls pasted into a name, and collapses spaces', () => {
    expect(drawn('\u202Eسارة\u202C   بنعلي ', 'auto')).toEqual(['بنعلي', ' ', 'سارة']);
    expect(drawn('   ', 'auto')).toEqual([]);
  });
});
