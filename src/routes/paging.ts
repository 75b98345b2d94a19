/**
 * Newest-first pages (GET /v1/events, GET /v1/inbox): the query they take, and the `next`
 * cursor they hand out ("<ms>:<id>" of the page's last item; a plain ms is still accepted).
 */
import { z } from 'zod';
import { cursorOf, parseCursor, type PageCursor } from '../store/paging.js';

export const pageCursor = z
  .string()
  .transform((raw, ctx): PageCursor => {
    const cursor = parseCursor(raw);
    if (!cursor) {
      ctx.addIssue({ code: 'custom', message: 'pass the previous page\'s next value' });
      return z.NEVER;
    }
    return cursor;
  });

export const pageQuery = z.object({
  school: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: pageCursor.optional().describe('`next` of the previous page'),
});

/** `{next}` when the page is full (there may be more), from its last item's time and id. */
export function nextPage<T extends { id: string }>(items: readonly T[], limit: number, timeOf: (item: T) => string): { next?: string } {
  const last = items.at(-1);
  return items.length === limit && last ? { next: cursorOf(Date.parse(timeOf(last)), last.id) } : {};
}
