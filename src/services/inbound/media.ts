/**
 * A file that came with a message, kept in the media store before the conversation reads the
 * message: checked against the allow-list and the size cap (MEDIA_MAX_BYTES) before and after
 * fetching, fetched through the account's adapter (Telegram's getFile, Messenger's URL) or
 * decoded when it came with the message, and stored under the school with an id derived from
 * the message, so a retried job writes the same file. A platform that fails for a while makes
 * the job retry; one that cannot give the file gets the parent a kind answer.
 */
import type { InboundEvent } from '../../core/adapter.js';
import { ChannelError, channelErrorInfo } from '../../core/errors.js';
import { baseContentType, decodeDataRef, mediaTypeAllowed, type FetchedMedia, type MediaRef } from '../../core/media.js';
import type { TurnInput } from '../../domain/conversation/types.js';
import type { PipelineContext } from '../context.js';

type MediaEvent = Extract<InboundEvent, { type: 'media' }>;
export type MediaOutcome = { media: MediaRef } | { refused: NonNullable<TurnInput['mediaRefused']> };

export async function keepMedia(ctx: PipelineContext, e: MediaEvent, schoolId: string, cause: string): Promise<MediaOutcome> {
  const max = ctx.config.MEDIA_MAX_BYTES;
  const { media } = e;
  if (media.contentType && !mediaTypeAllowed(media.kind, media.contentType)) return refuse(ctx, e, 'type');
  if ((media.size ?? 0) > max) return refuse(ctx, e, 'too_big');
  const fetched = await fetchBytes(ctx, e);
  if (!fetched) return refuse(ctx, e, 'unavailable');
  if (fetched.bytes.length > max) return refuse(ctx, e, 'too_big');
  if (fetched.bytes.length === 0) return refuse(ctx, e, 'unavailable');
  // A CDN that says "octet-stream" for the voice note the platform called audio/ogg: the platform's word stands.
  const contentType = mediaTypeAllowed(media.kind, fetched.contentType) ? baseContentType(fetched.contentType) : baseContentType(media.contentType);
  if (!mediaTypeAllowed(media.kind, contentType)) return refuse(ctx, e, 'type');
  const fileName = fetched.fileName ?? media.fileName;
  const ref: MediaRef = { id: `m${cause}`, kind: media.kind, contentType, size: fetched.bytes.length, ...(fileName ? { fileName: fileName.slice(0, 120) } : {}) };
  await ctx.stores.media.put(schoolId, ref, fetched.bytes);
  ctx.metrics.inbound.inc({ platform: e.platform, type: `media_${media.kind}` });
  return { media: ref };
}

async function fetchBytes(ctx: PipelineContext, e: MediaEvent): Promise<FetchedMedia | undefined> {
  if (e.media.ref.startsWith('data:')) return decodeDataRef(e.media.ref);
  if (!e.media.ref) return undefined;
  const account = ctx.channels.accounts.find((a) => a.adapter.platform === e.platform && a.adapter.accountId === e.accountId);
  if (!account?.adapter.fetchMedia) return undefined;
  try {
    return await account.adapter.fetchMedia(e.media);
  } catch (err) {
    // Rate limits and passing failures retry the job; anything else is the file's fate.
    const code = channelErrorInfo(err)?.code;
    if (!(err instanceof ChannelError) || code === 'rate_limited' || code === 'transient') throw err;
    ctx.log.warn({ platform: e.platform, code, kind: e.media.kind }, 'media could not be fetched');
    return undefined;
  }
}

function refuse(ctx: PipelineContext, e: MediaEvent, why: NonNullable<TurnInput['mediaRefused']>): MediaOutcome {
  ctx.metrics.inbound.inc({ platform: e.platform, type: `media_refused_${why}` });
  return { refused: why };
}
