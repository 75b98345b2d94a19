/**
 * Accounts (bots, pages, numbers) are configured as a JSON array in one variable, so a school
 * group can add a page without new variable names. A parse error names the variable's item.
 */
import { z } from 'zod';

export function jsonArrayEnv<T extends z.ZodType>(item: T) {
  return z
    .string()
    .transform((raw, ctx): unknown => {
      try {
        return JSON.parse(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array, e.g. [{"id":"main", …}]' });
        return z.NEVER;
      }
    })
    .pipe(z.array(item))
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((it, i) => {
        const id = (it as { id?: unknown }).id;
        if (typeof id === 'string' && seen.has(id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate account id '${id}'` });
        if (typeof id === 'string') seen.add(id);
      });
    });
}

/** An account id: short, ASCII, safe inside queue names and URLs. */
export const accountId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ and - (1–32)');

/** Which schools an account serves: a list of school ids, or "*" for all. */
export const accountSchools = z.union([z.literal('*'), z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)).min(1)]).default('*');

/**
 * An account's own send rate, overriding the adapter's default (a Telegram bot with paid
 * broadcasts, a Page with a higher tier): messages per second, paced evenly.
 */
export const accountMaxPerSecond = z.number().int().min(1).max(1000).optional();

/** The adapter's capabilities with the account's rate, when it sets one. */
export function withAccountRate<C extends { rateLimit: { max: number; durationMs: number } }>(caps: C, maxPerSecond: number | undefined): C {
  return maxPerSecond ? { ...caps, rateLimit: { max: maxPerSecond, durationMs: 1000 } } : caps;
}

/** The Graph API's root, version included (Messenger and WhatsApp's Cloud API); tests point it at a local fake. */
export const graphApiBase = z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com/v25.0');
