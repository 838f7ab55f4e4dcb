/**
 * Who may connect and what they may do with each document. The relay asks at the door
 * (`authenticate`, once per connection) and for every document a frame names
 * (`access`). Staff identity plugs in a real implementation; until then DevAuthorizer.
 */
import type { IncomingMessage } from 'node:http';
import type { DocAddress, DocPermission } from '@aligned/shared';
import { ticketFromProtocols, type Session } from '@aligned/shared/protocol';

export type Access = 'none' | 'read' | 'write';

export type Principal = {
  practiceId: string;
  userId: string;
  /** Shown to colleagues in presence; the relay stamps it over whatever a client claims. */
  displayName: string;
  /** The session behind this connection, so revoking it can close the connection. */
  sessionId?: string;
  /** The device the session is bound to (its audit trail is the one it may add to). */
  deviceId?: string;
  /** When the session ends (ISO instant); the relay closes the connection then (4401). */
  expiresAt?: string;
  /** What this principal may do with a document of its practice, as a whole. */
  access(doc: DocAddress): Access;
  /**
   * Finer than `access` when present: whether it may read the document, and whether it may write
   * all of it, nothing, or only new entries of some collections (shared `docPermission`). The relay
   * asks this first and falls back to `access`.
   */
  permission?(doc: DocAddress): DocPermission;
};

export interface Authorizer {
  /** The principal for a WebSocket upgrade request, or null to refuse it (401). */
  authenticate(request: IncomingMessage): Promise<Principal | null>;
  /** The session `GET /api/session` hands to the app, or null when sign-in is required. */
  session(request: IncomingMessage): Promise<Session | null>;
}

/**
 * The ticket a request carries: `Authorization: Bearer …`, or for a WebSocket upgrade the
 * `aligned.ticket.…` subprotocol entry. Never the URL (AUTH-5): a ticket in a query string is
 * ignored, so the request is refused as unauthenticated.
 */
export function ticketOf(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || null;
  const protocols = request.headers['sec-websocket-protocol'];
  return ticketFromProtocols(Array.isArray(protocols) ? protocols.join(',') : protocols);
}
