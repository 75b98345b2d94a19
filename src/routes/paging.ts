/** The `before` of newest-first pages: the previous page's `next` ("<ms>:<id>", or plain ms). */
import { z } from 'zod';
import { parseCursor, type PageCursor } from '../store/paging.js';

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
