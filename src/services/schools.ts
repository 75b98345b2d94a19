/**
 * A district admin opens a school (DESIGN §10): its settings and its first admin, who gets a
 * one-time sign-in link to hand over. A school id is taken once.
 */
import type { Locale, School } from '../core/types.js';
import type { PipelineContext } from './context.js';
import { createPerson, signInLinkFor, type NewPerson } from './people.js';
import type { Person } from '../core/people.js';

export class SchoolExistsError extends Error {
  override readonly name = 'SchoolExistsError';
}

export interface NewSchool {
  id: string;
  name: string;
  timeZone?: string;
  defaultLocale?: Locale;
  admin: Omit<NewPerson, 'role' | 'teacherId'>;
}

export async function openSchool(ctx: PipelineContext, input: NewSchool, createdBy: string, baseUrl: string): Promise<{ school: School; admin: Person; signInLink: { url: string; expiresAt: string } }> {
  if ((await ctx.stores.schools.list()).includes(input.id)) throw new SchoolExistsError(`a school ${input.id} exists already`);
  const defaults = await ctx.stores.schools.get(input.id);
  const school: School = { ...defaults, name: input.name, ...(input.timeZone ? { timeZone: input.timeZone } : {}), ...(input.defaultLocale ? { defaultLocale: input.defaultLocale } : {}) };
  // The admin first: a taken login leaves no half-made school behind.
  const admin = await createPerson(ctx, input.id, { ...input.admin, role: 'admin' }, createdBy);
  await ctx.stores.schools.put(school);
  return { school, admin, signInLink: await signInLinkFor(ctx, input.id, admin.id, baseUrl) };
}
