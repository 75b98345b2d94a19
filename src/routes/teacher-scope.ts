/**
 * A teacher signed in to the console acts on their own classes only (DESIGN §10): the events
 * they sent or that went to their classes, their parents' notes, their classes' results and
 * roster. Staff and admins are not narrowed.
 */
import type { FastifyRequest } from 'fastify';
import { teacherCreator, type Audience, type SchoolEvent } from '../core/types.js';
import type { PipelineContext } from '../services/context.js';
import { schoolOf } from './auth.js';
import { ApiError, notFound } from './errors.js';

/** The classes a teacher caller may act on; undefined for everyone else (no narrowing). */
export async function teacherClasses(ctx: PipelineContext, request: FastifyRequest): Promise<ReadonlySet<string> | undefined> {
  if (request.caller?.role !== 'teacher') return undefined;
  const id = request.caller.teacherId;
  const teacher = id ? (await ctx.stores.roster.getTeachers(schoolOf(request), [id])).get(id) : undefined;
  return new Set(teacher?.classIds ?? []);
}

/** Whether a teacher may see an event: they sent it, or it went to one of their classes. */
export function teacherSees(event: SchoolEvent, teacherId: string | undefined, classes: ReadonlySet<string>): boolean {
  if (teacherId && event.createdBy === teacherCreator(teacherId)) return true;
  return 'classes' in event.audience && event.audience.classes.some((c) => classes.has(c));
}

/** 404 (not 403: a teacher need not learn what else the school sends) for an event not theirs. */
export async function assertTeacherSees(ctx: PipelineContext, request: FastifyRequest, event: SchoolEvent): Promise<void> {
  const classes = await teacherClasses(ctx, request);
  if (classes && !teacherSees(event, request.caller?.teacherId, classes)) throw notFound('event', event.id);
}

/** A teacher sends to their own classes only, named as classes. */
export function assertTeacherAudience(audience: Audience, classes: ReadonlySet<string> | undefined): void {
  if (!classes) return;
  if (!('classes' in audience) || !audience.classes.length || audience.classes.some((c) => !classes.has(c))) {
    throw new ApiError(403, 'forbidden', 'teachers send to their own classes: audience.classes with your classes only', { field: 'audience' }, { reason: 'not_your_class' });
  }
}

/** A class a teacher names must be theirs. */
export function assertTeacherClass(classId: string | undefined, classes: ReadonlySet<string> | undefined): void {
  if (!classes) return;
  if (!classId) throw new ApiError(403, 'forbidden', 'teachers see their own classes: name one with classId', { field: 'classId' }, { reason: 'class_required' });
  if (!classes.has(classId)) throw new ApiError(403, 'forbidden', 'this class is not one of yours', { field: 'classId' }, { reason: 'not_your_class' });
}
