/**
 * A school nobody has named yet (the API's `named: false`): its admin is asked for the name, in a
 * card above every page until it is given. Parents read the name at the end of every message;
 * until it is set they read "your child's school", never the school's id. The card does not
 * stand in the way: the page below works, and "Not now" puts it away until the next visit.
 */
import { api } from '../api.js';
import { bdi, h, replace } from '../dom.js';
import { t, tn } from '../i18n.js';
import { button, errorBox, field } from '../ui.js';

/** "Not now" holds until the page is loaded again. */
let postponed = false;

/** The card for an admin (or a district admin acting for the school) of an unnamed school, else null. */
export function schoolNamePrompt(school, role, done) {
  const asks = Boolean(school) && school.named === false && (role === 'admin' || role === 'district') && !postponed;
  return asks ? prompt(school, done) : null;
}

/** `done(school)`: with the school as saved, or as it was after "Not now". */
function prompt(school, done) {
  const input = h('input', { type: 'text', dir: 'auto', maxlength: 200, required: true, autocomplete: 'organization', dataset: { testid: 'school-name' } });
  const status = h('div', { role: 'status' });
  const example = h('p', { class: 'muted', dataset: { testid: 'school-name-example' } });
  const showExample = () => replace(example, tn('schoolName.example', { name: input.value.trim() ? bdi(input.value.trim()) : t('schoolName.unnamed') }));
  input.addEventListener('input', showExample);
  showExample();
  const save = async (e) => {
    e.preventDefault();
    const name = input.value.trim();
    if (!name) return replace(status, errorBox({ code: 'name_missing' }));
    try {
      done(await api('PATCH', '/v1/school', { body: { name } }));
    } catch (err) {
      replace(status, errorBox(err));
    }
  };
  const later = button(t('schoolName.later'), () => {
    postponed = true;
    done(school);
  }, { dataset: { testid: 'school-name-later' } });
  return h('div', { class: 'school-name-bar' }, h('form', { class: 'card', novalidate: true, onsubmit: save, 'aria-labelledby': 'school-name-title', dataset: { testid: 'name-school' } },
    h('h2', { id: 'school-name-title' }, t('schoolName.title')),
    h('p', {}, t('schoolName.why')),
    field(t('schoolName.label'), input),
    example,
    status,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', dataset: { testid: 'school-name-save' } }, t('schoolName.save')), later)));
}
