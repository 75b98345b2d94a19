/**
 * The survey an event carries: for kind `survey` the survey is the message itself; for another
 * kind it follows, right after the guardian's RSVP or some hours after the event.
 */
import { h, replace } from '../dom.js';
import { pick, t } from '../i18n.js';
import { card, field, select } from '../ui.js';

export function surveyFields(surveys, draft, changed) {
  const box = card();
  box.refresh = () => draw();
  const draw = () => {
    const options = [['', t('survey.none')], ...surveys.map((s) => [s.id, pick(s.title) || s.id])];
    const which = select(options, draft.surveyId, { name: 'survey', dataset: { testid: 'survey' }, onchange: (e) => { draft.surveyId = e.target.value; changed(); draw(); } });
    const parts = [field(t('survey.attach'), which)];
    if (draft.surveyId && draft.kind !== 'survey') parts.push(timing(draft, () => { changed(); draw(); }));
    if (!surveys.length) parts.push(h('small', { class: 'hint' }, t('survey.noneDefined')));
    replace(box, ...parts);
  };
  draw();
  return box;
}

function timing(draft, onChange) {
  const send = select([['after_rsvp', t('survey.afterRsvp')], ['after_event', t('survey.afterEvent')]], draft.surveySend, {
    name: 'surveySend', onchange: (e) => { draft.surveySend = e.target.value; onChange(); },
  });
  const hours = h('input', { type: 'number', name: 'afterHours', min: 0, max: 336, value: draft.afterHours, inputmode: 'numeric' });
  hours.addEventListener('input', () => { draft.afterHours = hours.value; });
  hours.addEventListener('change', onChange);
  return h('div', {}, field(t('survey.when'), send), draft.surveySend === 'after_event' ? field(t('survey.afterHours'), hours) : null);
}
