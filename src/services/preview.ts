/**
 * Before Send: the exact message parents will read, per language of the audience's families and
 * per channel they will be tried on first, drawn the way that channel carries it (the adapter's
 * own `plan`). Nothing is stored and nothing is sent.
 */
import type { Capabilities, ChannelAccount } from '../core/index.js';
import type { Locale, Platform, SchoolEvent, SurveyDefinition } from '../core/types.js';
import type { CreateEventRequest } from '../domain/event-schema.js';
import { composeInvitation } from '../domain/invitation.js';
import type { PipelineContext } from './context.js';
import { buildEvent, EventRequestError, resolveRecipients } from './events.js';
import { visitFirstChannels } from './reach.js';
import { readCache } from './read-cache.js';
import { findSurvey } from './surveys.js';

export type ChoiceUi = Capabilities['choiceUi'] | 'list';

export interface ChannelPreview {
  platform: Platform;
  /** The account's kind (whatsapp-web and whatsapp-cloud both serve WhatsApp). */
  kind: string;
  families: number;
  /** The text messages, in order; the choices go with the last. */
  parts: string[];
  /** A WhatsApp Web poll's question, when the message goes as one poll. */
  pollQuestion?: string;
  choices: Array<{ id: string; label: string }>;
  choiceUi: ChoiceUi;
  /** Outside its messaging window this app takes only the school's approved template (the Cloud API): those families read that instead. */
  templateOutsideWindow?: true;
}

export interface LanguagePreview {
  locale: Locale;
  families: number;
  channels: ChannelPreview[];
}

export interface Preview {
  families: number;
  /** Families no channel reaches (no address, opted out). */
  unreachable: number;
  byLanguage: LanguagePreview[];
}

interface LanguageGroup {
  families: number;
  /** The first family's children, whose first name the sample message uses. */
  sampleChildIds: string[];
  channels: Map<string, { account: ChannelAccount; families: number }>;
}

export async function previewEvent(ctx: PipelineContext, schoolId: string, request: CreateEventRequest, createdBy: string): Promise<Preview> {
  const recipients = await resolveRecipients(ctx, schoolId, request.audience);
  const survey = request.survey ? await findSurvey(ctx, schoolId, request.survey.id) : undefined;
  if (request.survey && !survey) throw new EventRequestError('unknown_survey', `no survey ${request.survey.id}`, { field: 'survey.id' });
  const event = buildEvent(schoolId, request, recipients.length, createdBy, ctx.now(), survey);
  const { groups, unreachable } = await groupFamilies(ctx, schoolId, recipients);
  const byLanguage = await Promise.all([...groups].map(([locale, group]) => previewLanguage(ctx, event, locale, group, event.kind === 'survey' ? survey : undefined)));
  return { families: recipients.length, unreachable, byLanguage: byLanguage.sort((a, b) => b.families - a.families) };
}

/** The families by language, and within a language by the account they will be tried on first. */
async function groupFamilies(ctx: PipelineContext, schoolId: string, recipients: Array<{ guardianId: string; childIds: string[] }>) {
  const groups = new Map<Locale, LanguageGroup>();
  let unreachable = 0;
  await visitFirstChannels(ctx, schoolId, recipients, ({ guardian, childIds, pick }) => {
    const group = groups.get(guardian.locale) ?? { families: 0, sampleChildIds: childIds, channels: new Map() };
    groups.set(guardian.locale, group);
    group.families++;
    const account = pick && ctx.channels.accountFor(schoolId, pick.platform, pick.address);
    if (!account) {
      unreachable++;
      return;
    }
    const key = `${account.kind}:${account.adapter.accountId}`;
    const entry = group.channels.get(key) ?? { account, families: 0 };
    entry.families++;
    group.channels.set(key, entry);
  });
  return { groups, unreachable };
}

async function previewLanguage(ctx: PipelineContext, event: SchoolEvent, locale: Locale, group: LanguageGroup, survey: SurveyDefinition | undefined): Promise<LanguagePreview> {
  const school = await readCache.school(ctx, event.schoolId);
  const firstChild = group.sampleChildIds[0];
  const children = firstChild ? await ctx.stores.roster.getChildren(event.schoolId, [firstChild]) : new Map();
  const names = [children.get(firstChild ?? '')?.name].filter((n): n is string => Boolean(n));
  const message = composeInvitation(event, school, { locale }, names, survey);
  const channels = [...group.channels.values()].map(({ account, families }): ChannelPreview => {
    const planned = account.adapter.plan(message);
    const choices = (planned.choices ?? []).map((c) => ({ id: c.id, label: c.label }));
    const listAbove = account.adapter.capabilities.listAbove;
    const choiceUi: ChoiceUi = listAbove !== undefined && choices.length > listAbove ? 'list' : account.adapter.capabilities.choiceUi;
    return {
      platform: account.adapter.platform, kind: account.kind, families, parts: planned.parts, choices, choiceUi,
      ...(planned.pollQuestion ? { pollQuestion: planned.pollQuestion } : {}),
      ...(account.adapter.capabilities.templatesOutsideWindow ? { templateOutsideWindow: true as const } : {}),
    };
  });
  return { locale, families: group.families, channels: channels.sort((a, b) => b.families - a.families) };
}
