/**
 * WhatsApp Web has no webhook: inbound events come from the local whatsapp-web.js client this
 * process logged in (its own browser session), so there is no signature to check and the adapter
 * declares no `webhook`. Kept so every adapter has the same file set.
 */
export function verifyWhatsAppWebRequest(): boolean {
  return true;
}
