/**
 * School settings. A school exists as soon as a key names it; unset settings take defaults, but
 * the name has none: a school nobody named has no `name` (never its id in its place).
 */
import type { Locale, School, TemplateMapping } from '../core/types.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';

export interface SchoolDefaults {
  timeZone: string;
}

export class SchoolStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly defaults: SchoolDefaults,
  ) {}

  async get(schoolId: string): Promise<School> {
    const stored = parseStored<Partial<School>>(await this.redis.get(this.keys.school(schoolId)));
    return this.withDefaults(schoolId, stored ?? {});
  }

  async put(school: School): Promise<void> {
    // Two slots (the school's and the global index): two commands, not one MULTI.
    await Promise.all([
      this.redis.set(this.keys.school(school.id), JSON.stringify(school)),
      this.redis.sadd(this.keys.schools, school.id),
    ]);
  }

  async list(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.schools)).sort();
  }

  /** The school's approved message templates (domain/templates.ts): none until staff map them. */
  async templates(schoolId: string): Promise<TemplateMapping[]> {
    return parseStored<TemplateMapping[]>(await this.redis.get(this.keys.messageTemplates(schoolId))) ?? [];
  }

  async putTemplates(schoolId: string, templates: TemplateMapping[]): Promise<void> {
    await this.redis.set(this.keys.messageTemplates(schoolId), JSON.stringify(templates));
  }

  private withDefaults(id: string, s: Partial<School>): School {
    const defaultLocale: Locale = s.defaultLocale ?? 'ar';
    return {
      id,
      // Earlier versions stored the id as the name of a school nobody had named.
      ...(s.name && s.name !== id ? { name: s.name } : {}),
      timeZone: s.timeZone ?? this.defaults.timeZone,
      quietHours: s.quietHours ?? { start: '21:00', end: '08:00' },
      defaultLocale,
      ...(s.reminders ? { reminders: s.reminders } : {}),
    };
  }
}
