/**
 * Schemas of the roster import: the JSON body envelope (for the HTTP route and OpenAPI)
 * and one schema per item, validated item by item so one bad item does not reject the rest.
 */
import { z } from 'zod';
import type { Child, Guardian, SchoolClass, Teacher } from '../../core/types.js';
import type { RosterRules } from '../../core/adapter-module.js';
import {
  channelFields,
  genderField,
  gradeField,
  idField,
  idListField,
  localeField,
  nameField,
  phoneField,
} from './fields.js';
import { problem, problemIssue } from './issues.js';

/**
 * What an import is checked against: the ids already stored for the school (references may point
 * at earlier imports), and how this deployment's channels write addresses (the adapters' rules).
 */
export interface RosterImportContext {
  classIds: ReadonlySet<string>;
  guardianIds: ReadonlySet<string>;
  rules: RosterRules;
}

export const MAX_IMPORT_ITEMS = 20_000;

const itemList = (what: string) =>
  z
    .array(z.record(z.string(), z.unknown()))
    .max(MAX_IMPORT_ITEMS)
    .optional()
    .describe(`${what}; each item is validated on its own and reported if wrong`);

/** The JSON import body. Items stay loosely typed here; validateRosterImport checks each one. */
export const RosterImportBody = z
  .object({
    classes: itemList('Classes: { id, name?, grade (1–12) }'),
    guardians: itemList(
      'Guardians: { id, name, locale? (ar|en, default ar), phone?, channels? { platform: address }, channelOrder? }',
    ),
    children: itemList('Children: { id, name, classId, guardianIds (≥ 1) }'),
    teachers: itemList('Teachers: { id, name, classIds, channels?, locale?, gender? (f|m: the title messages give them) }'),
    schoolId: idField.optional().describe('Only for a key that acts for every school'),
  })
  .describe('Roster import: classes, guardians, children and teachers, added or updated by id');
export type RosterImportBodyInput = z.infer<typeof RosterImportBody>;

/** Empty text and null mean "not given" for optional fields: exports and forms send both. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (value) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value),
    schema.optional(),
  );
}

export const ClassInput = z.object({
  id: idField,
  name: optional(nameField),
  grade: gradeField,
});

export function guardianInput(rules: RosterRules) {
  const { channels, channelOrder } = channelFields(rules);
  return z.object({
    id: idField,
    name: nameField,
    locale: optional(localeField),
    phone: optional(phoneField),
    channels: optional(channels),
    channelOrder: optional(channelOrder),
  });
}

export const ChildInput = z.object({
  id: idField,
  name: nameField,
  classId: idField,
  guardianIds: idListField.superRefine((ids, ctx) => {
    if (ids.length === 0) ctx.addIssue(problemIssue(problem('no_guardian'), ids));
  }),
});

export function teacherInput(rules: RosterRules) {
  return z.object({
    id: idField,
    name: nameField,
    classIds: optional(idListField),
    channels: optional(channelFields(rules).channels),
    locale: optional(localeField),
    gender: optional(genderField),
  });
}

export function toClass(input: z.output<typeof ClassInput>): SchoolClass {
  return { id: input.id, name: input.name ?? input.id, grade: input.grade };
}

export function toGuardian(input: z.output<ReturnType<typeof guardianInput>>): Guardian {
  const { phone, channelOrder } = input;
  return {
    id: input.id,
    name: input.name,
    locale: input.locale ?? 'ar',
    ...(phone === undefined ? {} : { phone }),
    channels: input.channels ?? {},
    ...(channelOrder === undefined ? {} : { channelOrder }),
  };
}

export function toChild(input: z.output<typeof ChildInput>): Child {
  return { id: input.id, name: input.name, classId: input.classId, guardianIds: input.guardianIds };
}

export function toTeacher(input: z.output<ReturnType<typeof teacherInput>>): Teacher {
  const { locale, gender } = input;
  return {
    id: input.id,
    name: input.name,
    classIds: input.classIds ?? [],
    channels: input.channels ?? {},
    ...(locale === undefined ? {} : { locale }),
    ...(gender === undefined ? {} : { gender }),
  };
}
