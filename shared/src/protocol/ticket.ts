/**
 * How a ticket (a session token) reaches the relay: never in a URL, where proxies and browsers
 * log and keep it (spec AUTH-5, docs/sync-protocol.md "Authentication").
 * - HTTP API and non-browser sockets: `Authorization: Bearer <ticket>`.
 * - Browser WebSockets, which cannot set headers, and stock y-websocket clients (its documented
 *   `protocols` option): the WebSocket subprotocol list, `['aligned.sync', 'aligned.ticket.<ticket>']`.
 *   The relay answers with `aligned.sync`; the ticket entry is never echoed.
 */
export const SYNC_SUBPROTOCOL = 'aligned.sync';
const TICKET_PREFIX = 'aligned.ticket.';

/** Characters a subprotocol token may hold (RFC 6455 §4.1 via RFC 7230 `token`), which tickets keep to. */
export const TICKET_PATTERN = /^[A-Za-z0-9._~-]{1,512}$/;

/** The subprotocols a client offers to open the sync socket with `ticket`. */
export function ticketProtocols(ticket: string): string[] {
  return [SYNC_SUBPROTOCOL, `${TICKET_PREFIX}${ticket}`];
}

/** The ticket in a `Sec-WebSocket-Protocol` header value, or null. */
export function ticketFromProtocols(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const value = part.trim();
    if (value.startsWith(TICKET_PREFIX)) {
      const ticket = value.slice(TICKET_PREFIX.length);
      return TICKET_PATTERN.test(ticket) ? ticket : null;
    }
  }
  return null;
}
