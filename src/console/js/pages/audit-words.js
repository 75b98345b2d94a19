/**
 * An audit entry in words: who (a person's name where the console knows it, else what kind of
 * caller) and what they did, from the action's code, its target and details. The log holds ids
 * and counts only; names come from the school's lists of people, keys and teachers, which an
 * admin reads anyway, and nothing more personal is shown.
 */
import { bdi, h } from '../dom.js';
import { dateTime, num, plural, t, tn } from '../i18n.js';

/** names: {people: Map(id → name), keys: Map(id → name), teachers: Map(id → name)}. */
export function actorWords(actor, names) {
  if (actor.kind === 'person') {
    const name = names.people.get(actor.id);
    return [name ? bdi(name) : t('audit.removedPerson'), actor.role ? h('span', { class: 'muted' }, ' · ', t(`role.${actor.role}`)) : null];
  }
  if (actor.kind === 'key') {
    const name = names.keys.get(actor.id);
    return name ? tn('audit.byKey', { name }) : [t(actor.id.startsWith('key-') ? 'audit.serverKey' : 'audit.unnamedKeyActor')];
  }
  if (actor.kind === 'teacher_bot') {
    const name = names.teachers.get(actor.id);
    return tn('audit.byTeacherChat', { name: name ?? actor.id });
  }
  return t('audit.system');
}

const DETAIL_WORDS = {
  signed_in: (d) => (d.method ? t(`audit.method.${d.method}`) : null),
  signed_out_everywhere: (d) => (d.sessions !== undefined ? t('audit.sessions', { n: num(Number(d.sessions)) }) : null),
  event_sent: (d) => [d.kind ? t(`kind.${d.kind}`) : null, d.recipients !== undefined ? plural('events.recipients', Number(d.recipients)) : null].filter(Boolean).join(' · '),
  roster_imported: (d) => [t('roster.counts', { classes: num(Number(d.classes ?? 0)), guardians: num(Number(d.guardians ?? 0)), children: num(Number(d.children ?? 0)), teachers: num(Number(d.teachers ?? 0)) }),
    Number(d.errors) ? t('roster.skippedRows', { n: num(Number(d.errors)) }) : null].filter(Boolean).join(' · '),
  note_answered: (d) => (d.delivered === false ? t('audit.notDelivered') : null),
  absences_marked: (d) => [d.date ? t('audit.absenceDay', { date: dateTime(`${d.date}T12:00:00Z`, 'UTC', { dateStyle: 'medium' }) }) : null, d.children !== undefined ? plural('events.children', Number(d.children)) : null,
    d.recipients !== undefined ? plural('events.recipients', Number(d.recipients)) : null].filter(Boolean).join(' · '),
  school_updated: (d) => fieldList(d.fields, 'audit.schoolField'),
  person_created: (d) => (d.role ? t(`role.${d.role}`) : null),
  person_updated: (d) => fieldList(d.fields, 'audit.personField'),
  key_created: (d) => (d.role ? t(`role.${d.role}`) : null),
};

/** "name, role" from the API's "name,role", each field in words where known. */
function fieldList(fields, base) {
  if (!fields) return null;
  return String(fields).split(',').map((f) => {
    const key = `${base}.${f}`;
    const words = t(key);
    return words === key ? f : words;
  }).join(t('audit.listSeparator'));
}

/** What was done, as a sentence with its target named, then the details in a muted line. */
export function actionWords(entry, names) {
  const key = `audit.action.${entry.action}`;
  const action = t(key) === key ? entry.action : t(key);
  const target = targetWords(entry, names);
  const details = [
    entry.details ? DETAIL_WORDS[entry.action]?.(entry.details) : null,
    // The log names a key by its id; a key revoked since is in no list, so its name is gone.
    entry.action === 'key_created' && !names.keys.has(entry.target?.id) ? t('audit.sinceRevoked') : null,
  ].filter(Boolean).join(' · ');
  return [
    h('span', { dataset: { testid: 'audit-action', action: entry.action } }, action, target ? [' ', target] : null),
    details ? h('small', { class: 'muted detail-line' }, details) : null,
  ];
}

function targetWords(entry, names) {
  const target = entry.target;
  if (!target || (target.type === 'person' && entry.actor.id === target.id && entry.actor.kind === 'person')) return null;
  if (target.type === 'person') {
    const name = names.people.get(target.id);
    return name ? bdi(name) : t('audit.removedPerson');
  }
  if (target.type === 'api_key') {
    const name = names.keys.get(target.id);
    return name ? h('bdi', { dir: 'auto' }, `«${name}»`) : null;
  }
  if (target.type === 'event') return h('a', { href: `#/events/${target.id}` }, t('audit.openEvent'));
  // This school by its name; another (a district's view) or one not named yet by its id.
  if (target.type === 'school' && names.schools?.get(target.id)) return bdi(names.schools.get(target.id));
  if (target.type === 'survey' || target.type === 'school') return h('code', { dir: 'ltr' }, target.id);
  return null;
}
