/**
 * Server-sent events read with fetch() and a stream reader instead of EventSource, so that a
 * refusal (429 too many streams, 503) is seen with its Retry-After. Reconnects after a drop,
 * waiting what the server's `retry:` says, until the signal aborts.
 */
import { url } from './api.js';

/** onEvent(name, data) for each event; onState('open' | 'retrying'). */
export async function followStream(path, { onEvent, onState = () => {}, signal }) {
  let retryMs = 2000;
  while (!signal.aborted) {
    let waitMs = retryMs;
    try {
      const res = await fetch(url(path), { headers: { accept: 'text/event-stream' }, credentials: 'same-origin', signal });
      // Too many streams open (429) or the server is without its database (503): wait as told.
      const retryAfterS = Number(res.headers.get('retry-after'));
      if (!res.ok && retryAfterS > 0) waitMs = Math.max(retryMs, retryAfterS * 1000);
      if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
      onState('open');
      await readEvents(res.body, signal, (field, value) => {
        if (field === 'retry') retryMs = Number(value) || retryMs;
      }, onEvent);
    } catch (err) {
      if (signal.aborted) return;
      void err;
    }
    if (signal.aborted) return;
    onState('retrying');
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

/** Parses the text/event-stream format (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
async function readEvents(body, signal, onField, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  signal.addEventListener('abort', () => reader.cancel().catch(() => {}), { once: true });
  let buffer = '';
  let name = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (data.length) onEvent(name, data.join('\n'));
        name = 'message';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') name = val;
        else if (field === 'data') data.push(val);
        else onField(field, val);
      }
    }
  }
}
