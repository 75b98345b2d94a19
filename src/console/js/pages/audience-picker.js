/**
 * Who an event goes to: some classes, some grades, or the whole school (a teacher: some of their
 * own classes, the only audience the API lets them send to). Big checkable chips rather than a
 * multi-select, which is hard to use on a phone.
 */
import { bdi, h } from '../dom.js';
import { num, t } from '../i18n.js';

const MODES = ['classes', 'grades', 'school'];

/**
 * draft: {audienceMode, classes: string[], grades: number[]}; onChange() after each change.
 * `classesOnly`: a teacher's picker, their classes and nothing else.
 */
export function audiencePicker(classes, draft, onChange, classesOnly = false) {
  if (classesOnly) {
    draft.audienceMode = 'classes';
    // One class: it is the only possible audience, already chosen.
    if (classes.length === 1 && !draft.classes.length) draft.classes.push(classes[0].id);
  }
  const body = h('div', { class: 'chips' });
  const draw = () => {
    body.replaceChildren();
    if (draft.audienceMode === 'classes') {
      for (const c of classes) body.append(chip(bdi(c.name), draft.classes.includes(c.id), (on) => toggle(draft.classes, c.id, on), `class-${c.id}`));
    } else if (draft.audienceMode === 'grades') {
      for (const g of [...new Set(classes.map((c) => c.grade))].sort((a, b) => a - b)) {
        body.append(chip(t('audience.grade', { n: num(g) }), draft.grades.includes(g), (on) => toggle(draft.grades, g, on), `grade-${g}`));
      }
    } else {
      body.append(h('p', { class: 'muted' }, t('audience.schoolHint')));
    }
  };
  const toggle = (list, value, on) => {
    const i = list.indexOf(value);
    if (on && i < 0) list.push(value);
    if (!on && i >= 0) list.splice(i, 1);
    onChange();
  };
  const modes = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': t('audience.title') },
    MODES.map((m) => h('label', {},
      h('input', { type: 'radio', name: 'audience', value: m, checked: draft.audienceMode === m, onchange: () => { draft.audienceMode = m; draw(); onChange(); } }),
      h('span', {}, t(`audience.${m}`)))));
  draw();
  if (classesOnly) {
    const none = classes.length ? null : h('p', { class: 'muted', dataset: { testid: 'no-classes' } }, t('audience.noClasses'));
    return h('fieldset', { class: 'audience' }, h('legend', {}, t('audience.yourClasses')), body, none);
  }
  return h('fieldset', { class: 'audience' }, h('legend', {}, t('audience.title')), modes, body);
}

function chip(label, checked, onToggle, testid) {
  return h('label', { class: 'chip', dataset: { testid } },
    h('input', { type: 'checkbox', checked, onchange: (e) => onToggle(e.target.checked) }),
    h('span', {}, label));
}

/** The API's audience, or undefined when nothing is picked. */
export function audienceOf(draft) {
  if (draft.audienceMode === 'school') return { school: true };
  if (draft.audienceMode === 'grades') return draft.grades.length ? { grades: [...draft.grades] } : undefined;
  return draft.classes.length ? { classes: [...draft.classes] } : undefined;
}
