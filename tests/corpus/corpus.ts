/**
 * The labelled corpus of parents' replies (replies.jsonl) and how the reply reader does on it:
 * used by tests/unit/reply-corpus.test.ts (accuracy and false answers) and by
 * `npm run bench -- replies` (the same figures, with parse times).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SurveyScale } from '../../src/core/types.js';
import { understandRating, understandRsvp, type Understood } from '../../src/domain/reply/understand.js';

export interface CorpusLine {
  text: string;
  lang: 'en' | 'fr' | 'msa' | 'darija' | 'arabizi' | 'mixed';
  ctx: 'rsvp' | 'rating';
  scale?: SurveyScale;
  expect: string;
}

export function loadCorpus(name = 'replies.jsonl'): CorpusLine[] {
  const file = fileURLToPath(new URL(`./${name}`, import.meta.url));
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as CorpusLine);
}

/** The reader's label for a line, in the corpus's vocabulary. */
export function labelOf(line: CorpusLine): string {
  const understood: Understood<unknown> = line.ctx === 'rsvp' ? understandRsvp(line.text) : understandRating(line.text, line.scale ?? 'agreement');
  switch (understood.kind) {
    case 'answer':
      return `${String(understood.answer)}${understood.alsoNote ? '+note' : ''}`;
    case 'command':
      return understood.command === 'language' ? `language:${understood.language ?? ''}` : understood.command;
    case 'note':
      return 'note';
    default:
      return 'ask';
  }
}

const ANSWERS = /^(yes|no|maybe|[1-6])(\+note)?$/;

export interface Outcome {
  line: CorpusLine;
  got: string;
  ok: boolean;
  /** An answer recorded that the parent did not give: the worst mistake. */
  falseAnswer: boolean;
}

export function evaluate(lines: CorpusLine[]): Outcome[] {
  return lines.map((line) => {
    const got = labelOf(line);
    const answerGot = ANSWERS.exec(got)?.[1];
    const answerExpected = ANSWERS.exec(line.expect)?.[1];
    return { line, got, ok: got === line.expect, falseAnswer: answerGot !== undefined && answerGot !== answerExpected };
  });
}

export function accuracy(outcomes: Outcome[]): number {
  return outcomes.length ? outcomes.filter((o) => o.ok).length / outcomes.length : 1;
}
