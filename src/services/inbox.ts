/**
 * Staff (or a teacher in the console) answer a parent's note: the answer is kept on the note and
 * goes to the parent on the chat they wrote from, from the school or from the teacher by name;
 * a parent who said STOP gets nothing (the note says why). The same answer twice (a double click,
 * a retried request with the same key) is one answer.
 */
import type { Principal } from '../core/people.js';
import { causeId } from '../core/ids.js';
import type { Note } from '../store/note-store.js';
import type { PipelineContext } from './context.js';
import { answerForGuardian } from './conversation/relay.js';
import { putDirectReplies } from './replies.js';

export interface NoteAnswered {
  delivered: boolean;
  /** Why it did not go: erased, opted_out, not_reachable_now. */
  reason?: string;
}

export async function answerNote(ctx: PipelineContext, schoolId: string, note: Note, caller: Principal | undefined, text: string, key: string): Promise<NoteAnswered> {
  const outcome = await answerForGuardian(ctx, schoolId, note, { ...(await answerer(ctx, schoolId, caller)), text, at: ctx.now().toISOString() });
  await ctx.stores.notes.addReply(schoolId, note.id, outcome.reply, `staff:${key}`);
  if (outcome.toGuardian && outcome.chat) await putDirectReplies(ctx, outcome.chat, causeId(`staff:${note.id}:${key}`), [outcome.toGuardian]);
  return { delivered: outcome.toGuardian !== undefined, ...(outcome.reply.undelivered ? { reason: outcome.reply.undelivered } : {}) };
}

/** A teacher signed in answers as the teacher (the parent reads their name); anyone else as the school. */
async function answerer(ctx: PipelineContext, schoolId: string, caller: Principal | undefined): Promise<{ by: 'staff' | 'teacher'; byId: string; byName?: string; byGender?: 'female' | 'male' }> {
  const teacher = caller?.role === 'teacher' && caller.teacherId ? (await ctx.stores.roster.getTeachers(schoolId, [caller.teacherId])).get(caller.teacherId) : undefined;
  return teacher ? { by: 'teacher', byId: teacher.id, byName: teacher.name, ...(teacher.gender ? { byGender: teacher.gender } : {}) } : { by: 'staff', byId: caller?.label ?? 'api' };
}
