/**
 * A tiny DOM builder. Text is always set as text, never parsed as HTML: a guardian's name or a
 * parent's note can contain anything, and with no innerHTML it can never become markup.
 */

/**
 * h('button', {class: 'primary', onclick: fn, dataset: {testid: 'send'}}, 'Send').
 * Attributes that are null, undefined or false are left out; true sets an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for SVG elements (charts are drawn as inline SVG). */
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'style') Object.assign(el.style, value); // CSSOM: allowed by our CSP
    else if (name === 'value' || name === 'checked' || name === 'selected') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends strings (as text), numbers, nodes and (nested) arrays; skips null/false. */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces everything inside `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * A name, number or other interpolated value isolated from the text around it, so an Arabic
 * name in an English sentence (or a Latin name in an Arabic one) does not reorder its neighbours.
 */
export function bdi(value) {
  return h('bdi', {}, value);
}

/** Text whose direction follows its own first strong letter (a parent's note, a message). */
export function autoText(tag, text, attrs = {}) {
  return h(tag, { dir: 'auto', ...attrs }, text);
}
