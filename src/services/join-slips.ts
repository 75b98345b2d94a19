/**
 * Printable join slips for a class (issue 14): one slip per child and guardian — a join code
 * links one guardian's chat, so a child with two guardians takes home two slips, each naming
 * its guardian — with a QR code per chat app the school can be reached on. The codes are the
 * guardian's join links (join-links.ts), the same GET /v1/guardians/:id/links gives: scanning
 * one opens the chat with the code typed, and sending it links that chat.
 *
 * The simulator makes no join links (its chats are the roster's addresses). A school with no
 * other channel — the demo — gets the simulated phone's page instead, so its slips still carry
 * something to scan.
 */
import type { Guardian, Platform } from '../core/types.js';
import type { PipelineContext } from './context.js';
import { guardianJoinLinks, type JoinLink } from './join-links.js';

/** What a parent sees under each code: the app's own name, the same in every language. */
export const PLATFORM_LABELS = {
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  telegram: 'Telegram',
  simulator: 'Simulator',
} as const satisfies Record<Platform, string>;

/** Children's names, Arabic and Latin, as a class list orders them. */
const BY_NAME = new Intl.Collator(['ar', 'fr']);

/** Left to right on the slip: WhatsApp first, the app most Moroccan parents have. */
const SLIP_ORDER = Object.keys(PLATFORM_LABELS) as Platform[];

export interface SlipCode {
  platform: Platform;
  label: string;
  url: string;
}

export interface JoinSlip {
  childName: string;
  className: string;
  guardianId: string;
  guardianName: string;
  codes: SlipCode[];
}

export interface JoinSlipSheet {
  /** Unset until an admin names the school: the slips then leave that line out. */
  schoolName?: string;
  className: string;
  slips: JoinSlip[];
}

export interface JoinSlipOptions {
  /** The simulated phone's page of an address (`<base>/simulator#/<address>`), for a school on the simulator alone. */
  simulatorPage?: (address: string) => string;
}

/** The class's slips, in the order of the children's names; undefined when the school has no such class. */
export async function classJoinSlips(ctx: PipelineContext, schoolId: string, classId: string, opts: JoinSlipOptions = {}): Promise<JoinSlipSheet | undefined> {
  const schoolClass = (await ctx.stores.roster.listClasses(schoolId)).find((c) => c.id === classId);
  if (!schoolClass) return undefined;
  const children = (await ctx.stores.roster.listChildren(schoolId)).filter((c) => c.classId === classId).sort((a, b) => BY_NAME.compare(a.name, b.name));
  const guardians = await ctx.stores.roster.getGuardians(schoolId, [...new Set(children.flatMap((c) => c.guardianIds))]);
  const codes = new Map<string, SlipCode[]>();
  for (const guardian of guardians.values()) codes.set(guardian.id, await slipCodes(ctx, schoolId, guardian, opts));
  const slips = children.flatMap((child) => child.guardianIds.flatMap((id) => {
    const guardian = guardians.get(id);
    return guardian ? [{ childName: child.name, className: schoolClass.name, guardianId: id, guardianName: guardian.name, codes: codes.get(id) ?? [] }] : [];
  }));
  const school = await ctx.stores.schools.get(schoolId);
  return { ...(school.name ? { schoolName: school.name } : {}), className: schoolClass.name, slips };
}

/**
 * One code per app: where two kinds of account make links on one platform (a WhatsApp Cloud
 * number and a school phone), the one that writes to this parent, so the chat they open is the
 * one the school's messages come from.
 */
async function slipCodes(ctx: PipelineContext, schoolId: string, guardian: Guardian, opts: JoinSlipOptions): Promise<SlipCode[]> {
  const links = await guardianJoinLinks(ctx, schoolId, guardian);
  const codes = SLIP_ORDER.flatMap((platform) => {
    const mine = links.filter((l) => l.platform === platform);
    const writer = ctx.channels.accountFor(schoolId, platform, guardian.channels[platform] ?? guardian.id);
    const link: JoinLink | undefined = mine.find((l) => l.accountId === writer?.adapter.accountId) ?? mine[0];
    return link ? [{ platform, label: PLATFORM_LABELS[platform], url: link.url }] : [];
  });
  const simulated = guardian.channels.simulator;
  if (codes.length || !simulated || !opts.simulatorPage || !ctx.channels.accountsOf(schoolId, 'simulator').length) return codes;
  return [{ platform: 'simulator', label: PLATFORM_LABELS.simulator, url: opts.simulatorPage(simulated) }];
}
