/**
 * What a page showed once and must not lose when it is drawn again in the other language: a new
 * API key (shown only that once), a sign-in link just made, the first admin's link of a school
 * just opened. Kept for the page's address; going to another page forgets it.
 */
const kept = new Map(); // name → {hash, value}

export function keep(name, value) {
  kept.set(name, { hash: location.hash, value });
}

/** The value kept under `name` for this page, if any. */
export function keptValue(name) {
  const k = kept.get(name);
  return k && k.hash === location.hash ? k.value : undefined;
}

export function forget(name) {
  kept.delete(name);
}

/** Called on each navigation: what other pages kept is forgotten. */
export function forgetOtherPages() {
  for (const [name, k] of kept) if (k.hash !== location.hash) kept.delete(name);
}
