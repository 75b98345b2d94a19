/**
 * A school's people (DESIGN §10): admins make staff, teachers and other admins; a teacher is
 * tied to their roster entry (their classes, and the chat the bot knows them by). A school never
 * loses its last admin by a slip: removing, disabling or demoting them is refused.
 */
import { randomBytes } from 'node:crypto';
import type { Person, SchoolRole } from '../core/people.js';
import type { ChannelAddresses, Locale } from '../core/types.js';
import type { PipelineContext } from './context.js';
import type { PersonPatch } from '../store/people-store.js';

export class PeopleError extends Error {
  override readonly name = 'PeopleError';
  constructor(
    readonly code: 'not_found' | 'login_taken' | 'unknown_teacher' | 'last_admin' | 'no_chat',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface NewPerson {
  name: string;
  login: string;
  role: SchoolRole | 'district';
  teacherId?: string;
  channels?: ChannelAddresses;
  locale?: Locale;
}

/** A one-time sign-in link lives a day: long enough to hand over, short enough to go stale. */
export const SIGN_IN_LINK_TTL_S = 24 * 3600;

export async function createPerson(ctx: PipelineContext, schoolId: string, input: NewPerson, createdBy: string): Promise<Person> {
  await checkTeacher(ctx, schoolId, input.role, input.teacherId);
  const person: Person = {
    id: `p${randomBytes(6).toString('hex')}`,
    schoolId,
    name: input.name,
    login: input.login.trim().toLowerCase(),
    role: input.role,
    channels: input.channels ?? {},
    createdAt: ctx.now().toISOString(),
    createdBy,
    ...(input.teacherId ? { teacherId: input.teacherId } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
  };
  if (!(await ctx.stores.people.create(person))) throw loginTaken();
  return person;
}

/** `chats`: addresses to set and platforms to unlink; the chats not named stay as they are. */
export async function updatePerson(ctx: PipelineContext, schoolId: string, id: string, changes: Omit<PersonPatch, 'channels'>, chats?: { set: ChannelAddresses; unlink: string[] }): Promise<Person> {
  const current = await ctx.stores.people.get(schoolId, id);
  if (!current) throw new PeopleError('not_found', `no person ${id}`);
  const patch: PersonPatch = { ...changes };
  if (chats) patch.channels = Object.fromEntries(Object.entries({ ...current.channels, ...chats.set }).filter(([p]) => !chats.unlink.includes(p)));
  const role = patch.role ?? current.role;
  await checkTeacher(ctx, schoolId, role, patch.teacherId ?? current.teacherId);
  if ((role !== 'admin' || patch.disabled) && current.role === 'admin' && !current.disabled) await keepAnAdmin(ctx, schoolId, id);
  const updated = await ctx.stores.people.update(schoolId, id, role === 'teacher' ? patch : { ...patch, teacherId: undefined });
  if (updated === 'login_taken') throw loginTaken();
  if (!updated) throw new PeopleError('not_found', `no person ${id}`);
  if (updated.disabled) await ctx.stores.auth.endAllSessions(schoolId, id);
  return updated;
}

export async function removePerson(ctx: PipelineContext, schoolId: string, id: string): Promise<Person> {
  const current = await ctx.stores.people.get(schoolId, id);
  if (!current) throw new PeopleError('not_found', `no person ${id}`);
  if (current.role === 'admin' && !current.disabled) await keepAnAdmin(ctx, schoolId, id);
  await ctx.stores.auth.endAllSessions(schoolId, id);
  await ctx.stores.people.remove(schoolId, id);
  return current;
}

/** A one-time link that signs the person in; the admin hands it over (printed, or in a message). */
export async function signInLinkFor(ctx: PipelineContext, schoolId: string, id: string, baseUrl: string): Promise<{ url: string; expiresAt: string }> {
  const person = await ctx.stores.people.get(schoolId, id);
  if (!person) throw new PeopleError('not_found', `no person ${id}`);
  const token = await ctx.stores.auth.createLink(schoolId, id, SIGN_IN_LINK_TTL_S);
  return { url: `${baseUrl}/console#signin=${token}`, expiresAt: new Date(ctx.now().getTime() + SIGN_IN_LINK_TTL_S * 1000).toISOString() };
}

async function checkTeacher(ctx: PipelineContext, schoolId: string, role: string, teacherId: string | undefined): Promise<void> {
  if (role !== 'teacher') return;
  const teacher = teacherId ? (await ctx.stores.roster.getTeachers(schoolId, [teacherId])).get(teacherId) : undefined;
  if (!teacher) throw new PeopleError('unknown_teacher', teacherId ? `no teacher ${teacherId} in the roster` : 'a teacher needs teacherId: their id in the roster', 'teacherId');
}

async function keepAnAdmin(ctx: PipelineContext, schoolId: string, leaving: string): Promise<void> {
  const others = (await ctx.stores.people.list(schoolId)).filter((p) => p.id !== leaving && p.role === 'admin' && !p.disabled);
  if (!others.length) throw new PeopleError('last_admin', 'this is the school’s last admin: make another admin first');
}

function loginTaken(): PeopleError {
  return new PeopleError('login_taken', 'this login is taken: choose another (logins are unique across all schools)', 'login');
}
