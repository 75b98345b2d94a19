/**
 * People who sign in to the console (DESIGN §10): a school's admins, staff and teachers, and
 * the district's admins, who act for every school. An API key acts with a role too.
 */
import type { ChannelAddresses, Locale } from './types.js';

/**
 * - district: creates schools and their first admin; acts for any school it names;
 * - admin: the roster, people, school settings, API keys, the audit log, and all staff can do;
 * - staff: send invitations, the inbox, results, follow-up, reading the roster;
 * - teacher: the same, for their own classes only.
 */
export const ROLES = ['district', 'admin', 'staff', 'teacher'] as const;
export type Role = (typeof ROLES)[number];

/** The roles a school's admin can give (district people are made by the bootstrap command). */
export const SCHOOL_ROLES = ['admin', 'staff', 'teacher'] as const satisfies readonly Role[];
export type SchoolRole = (typeof SCHOOL_ROLES)[number];

export interface Person {
  id: string;
  /** A school id, or '*' for a district admin. */
  schoolId: string;
  name: string;
  /** What they type to sign in; unique across the deployment, lower case. */
  login: string;
  role: Role;
  /** A teacher's roster id: their classes, and the chat the bot already knows them by. */
  teacherId?: string;
  /** Where the school's bot sends their sign-in codes (a teacher's come from the roster). */
  channels: ChannelAddresses;
  locale?: Locale;
  /** A signed-out person: no sign-in, no session, no key work. */
  disabled?: boolean;
  createdAt: string;
  /** Who made them: a person's or key's id, or 'bootstrap'. */
  createdBy: string;
}

/** Who is acting on a request: a signed-in person or an API key. */
export interface Principal {
  kind: 'person' | 'key';
  /** The person's or key's id. */
  id: string;
  /** A short, non-secret label for logs, `createdBy` and the audit log. */
  label: string;
  /** The school it belongs to, '*' for every school. */
  school: string;
  role: Role;
  /** A teacher's roster id (their classes). */
  teacherId?: string;
}
