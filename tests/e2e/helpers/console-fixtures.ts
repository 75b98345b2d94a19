/** The school the browser tests run against, and the survey answers they seed. */
import type { SurveyResponse } from '../../../src/core/survey.js';
import { INVOLVEMENT } from '../../../src/domain/survey/builtins.js';
import type { TestApp } from '../../helpers/app.js';

export function consoleRoster(tag: string) {
  return {
    classes: [{ id: 'C1', name: '5A', grade: 5 }, { id: 'C2', name: '6B', grade: 6 }],
    guardians: [
      { id: 'gA', name: 'فاطمة الزهراء', locale: 'ar', phone: '+212600000101', channels: { simulator: `sim-${tag}-a` } },
      { id: 'gB', name: 'Amina Berrada', locale: 'en', phone: '+212600000102', channels: { simulator: `sim-${tag}-b` } },
      // Blocked the bot: the invitation fails (unreachable).
      { id: 'gC', name: 'يوسف العلوي', locale: 'ar', phone: '+212600000103', channels: { simulator: `blocked-${tag}-c` } },
      // No chat app at all: skipped (no_channel).
      { id: 'gD', name: 'Karim Tazi', locale: 'en', phone: '+212600000104', channels: {} },
      { id: 'gE', name: 'Nadia Fassi', locale: 'en', channels: { simulator: `sim-${tag}-e` } },
    ],
    children: [
      { id: 'cA', name: 'سارة', classId: 'C1', guardianIds: ['gA'] },
      { id: 'cB', name: 'Adam', classId: 'C1', guardianIds: ['gB'] },
      { id: 'cC', name: 'مريم', classId: 'C1', guardianIds: ['gC'] },
      { id: 'cD', name: 'Ilyas', classId: 'C1', guardianIds: ['gD'] },
      { id: 'cE', name: 'Hiba', classId: 'C2', guardianIds: ['gE'] },
    ],
    teachers: [{ id: 't1', name: 'نادية بناني', classIds: ['C1'], channels: { simulator: `sim-${tag}-t1` } }],
  };
}

/**
 * Twelve guardians' answers to the built-in involvement survey: every question answered, with
 * enough spread that every subscale varies (so alpha and rho are numbers, not nulls).
 */
export async function seedSurveyAnswers(t: TestApp, eventId: string): Promise<void> {
  const surveys = t.runtime.ctx.stores.surveys;
  const at = new Date().toISOString();
  for (let i = 0; i < 12; i++) {
    const start = { surveyId: INVOLVEMENT.id, eventId, guardianId: `gs${i}`, locale: i % 2 ? 'en' : 'ar', channel: 'simulator', classes: i < 6 ? 'C1' : 'C2', startedAt: at } satisfies Omit<SurveyResponse, 'answers'>;
    for (const [k, q] of INVOLVEMENT.questions.entries()) {
      await surveys.record('s1', start, { answer: { q: q.id, v: 1 + ((i * (k + 2) + k) % 6), at, ch: 'simulator' } });
    }
  }
}
