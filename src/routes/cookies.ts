/**
 * The console's session cookie (DESIGN §10): HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page sends it), Secure behind HTTPS, scoped to the whole origin, and gone
 * when the session would end anyway.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'sb_session';

/** The session token of the request's cookie, if any. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Whether the browser talks to us over HTTPS (directly, or as PUBLIC_URL says behind a proxy). */
export function isSecure(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return request.protocol === 'https' || (publicUrl?.startsWith('https://') ?? false);
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeS: number, secure: boolean): void {
  reply.header('set-cookie', serialise(token, maxAgeS, secure));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', serialise('', 0, secure));
}

function serialise(value: string, maxAgeS: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', `Max-Age=${maxAgeS}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}
