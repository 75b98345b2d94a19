/**
 * Splits a long message into parts no longer than `max` UTF-16 units, preferring paragraph,
 * then line, then sentence (Arabic and Latin punctuation), then word boundaries. Never cuts a
 * surrogate pair or leaves a bidi isolate open across parts.
 */
const BREAKS: RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?؟۔…]\s+/g, /[،,;؛]\s+/g, /\s+/g];

export function splitText(text: string, max: number): string[] {
  if (max < 8) throw new RangeError('max must be at least 8');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    // Room for the isolates closeIsolates may add after the cut: at most one per isolate opened before it.
    const cut = bestCut(rest, Math.max(8, max - Math.min(4, openersIn(rest.slice(0, max)))));
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts.map(closeIsolates);
}

function bestCut(s: string, max: number): number {
  const window = s.slice(0, max + 1);
  for (const re of BREAKS) {
    let last = -1;
    for (const m of window.matchAll(re)) {
      const end = (m.index ?? 0) + m[0].length;
      if (end <= max && end > max / 3) last = end;
    }
    if (last > 0) return last;
  }
  // No boundary: hard cut, but not inside a surrogate pair.
  const code = s.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

function openersIn(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0x2066 && code <= 0x2068) n++;
  }
  return n;
}

/** An isolate cut in two would leak its direction into the rest of the message. */
function closeIsolates(part: string): string {
  let open = 0;
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (code >= 0x2066 && code <= 0x2068) open++;
    else if (code === 0x2069 && open > 0) open--;
  }
  return open > 0 ? part + '\u2069'.repeat(open) : part;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A label cut to `max` UTF-16 units at a grapheme boundary: never mid-surrogate, never between
 * a letter and its mark or inside an emoji sequence. Arabic letters are one unit each.
 */
export function cutLabel(label: string, max: number): string {
  const text = label.trim();
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return out.trimEnd() || cutCodePoints(text, max);
}

/** For a first grapheme longer than `max` on its own: whole code points only. */
function cutCodePoints(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}
