/**
 * A voice note, photo or document as the console and the simulator show it: played, viewed or
 * opened from the API (the session cookie goes with it; the file is served with its own type and
 * never sniffed). `url` is the API path; the school a district admin acts for is added by url().
 */
import { url } from './api.js';
import { bdi, h } from './dom.js';
import { t } from './i18n.js';

export function mediaView(media, path) {
  const [base, qs] = path.split('?');
  const src = url(base, Object.fromEntries(new URLSearchParams(qs ?? '')));
  const label = t(`media.${media.kind}`);
  if (media.kind === 'voice' || media.kind === 'audio') {
    return h('figure', { class: 'media', dataset: { testid: 'media', kind: media.kind } },
      h('audio', { controls: true, preload: 'none', src, 'aria-label': label }),
      h('figcaption', { class: 'muted' }, label));
  }
  if (media.kind === 'photo') {
    return h('figure', { class: 'media', dataset: { testid: 'media', kind: media.kind } },
      h('a', { href: src, target: '_blank', rel: 'noopener' }, h('img', { src, alt: label, loading: 'lazy' })));
  }
  return h('figure', { class: 'media', dataset: { testid: 'media', kind: media.kind } },
    h('a', { href: src, target: '_blank', rel: 'noopener' }, `📄 ${label}`, media.fileName ? [' · ', bdi(media.fileName)] : null));
}

/** What a phone shows for a file it sent (the bytes are the school's, in its inbox). */
export function mediaLabel(media) {
  return h('p', { class: 'media muted', dataset: { testid: 'media-sent', kind: media.kind } }, t(`media.${media.kind}`), media.fileName ? [' · ', bdi(media.fileName)] : null);
}
