/**
 * The labelled corpus of parents' replies (tests/corpus/replies.jsonl, 680 messages in English,
 * French, MSA, Darija in Arabic script, Arabizi and mixed) read the way the conversation reads
 * them (domain/reply/understand.ts). `npm run bench -- replies` prints the same figures per
 * language and label, with parse times.
 */
import { describe, expect, it } from 'vitest';
import { accuracy, evaluate, loadCorpus, type Outcome } from '../corpus/corpus.js';

const corpus = loadCorpus();
const outcomes = evaluate(corpus);
const show = (os: Outcome[]) => os.map((o) => `${o.line.ctx} ${o.line.expect} → ${o.got}: ${o.line.text}`);

describe('the corpus of parents\' replies', () => {
  it('has at least 600 messages, 100 in each language and script, mixed ones, and every kind of label', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(600);
    for (const lang of ['en', 'fr', 'msa', 'darija', 'arabizi'] as const) expect(corpus.filter((l) => l.lang === lang).length).toBeGreaterThanOrEqual(100);
    expect(corpus.filter((l) => l.lang === 'mixed').length).toBeGreaterThanOrEqual(50);
    const labels = new Set(corpus.map((l) => l.expect));
    for (const label of ['yes', 'no', 'maybe', 'yes+note', 'no+note', 'note', 'ask', '1', '2', '3', '4', '5', '6', 'skip', 'stop']) expect(labels).toContain(label);
    expect(new Set(corpus.map((l) => l.text)).size).toBe(corpus.length);
  });

  it('is read right at least 97 % of the time overall', () => {
    expect(accuracy(outcomes), show(outcomes.filter((o) => !o.ok)).join('\n')).toBeGreaterThanOrEqual(0.97);
  });

  it('never records an answer a parent did not give', () => {
    expect(show(outcomes.filter((o) => o.falseAnswer))).toEqual([]);
  });

  it('never reads a note (a question, news, a request) as an answer', () => {
    const notes = outcomes.filter((o) => o.line.expect === 'note');
    expect(notes.length).toBeGreaterThanOrEqual(100);
    expect(show(notes.filter((o) => /^(yes|no|maybe|[1-6])(\+note)?$/.test(o.got)))).toEqual([]);
  });

  it.each(['en', 'fr', 'msa', 'darija', 'arabizi', 'mixed'] as const)('reads %s at least 95 % right', (lang) => {
    const mine = outcomes.filter((o) => o.line.lang === lang);
    expect(accuracy(mine), show(mine.filter((o) => !o.ok)).join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});
