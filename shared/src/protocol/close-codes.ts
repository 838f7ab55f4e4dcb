/**
 * WebSocket close codes the relay uses (4000–4999 are application codes, RFC 6455 §7.4.2).
 * Clients stop reconnecting on the codes marked "final" and tell the person why.
 *
 * A frame over the relay's size cap is closed by the WebSocket layer itself with the standard 1009
 * (message too big), not an application code; clients reconnect after it like any non-final close.
 */
export const CLOSE = {
  /** Frame could not be decoded or broke the protocol. Reconnecting is fine. */
  PROTOCOL_ERROR: 4400,
  /** No or invalid credentials. Final until the person signs in again. */
  UNAUTHENTICATED: 4401,
  /** Credentials valid but not for this practice or document. Final. */
  FORBIDDEN: 4403,
  /** Handshake or idle timeout. Reconnecting is fine. */
  TIMEOUT: 4408,
  /** The client speaks an older protocol version. Final until the app is updated. */
  INCOMPATIBLE: 4426,
  /**
   * The person's role or locations changed (PERM-7). Reconnect at once: the new connection is
   * authorized under the new permissions.
   */
  ACCESS_CHANGED: 4409,
  /** Rate limit exceeded. Reconnect after a pause. */
  RATE_LIMITED: 4429,
  /** Session revoked by a manager. Final. */
  REVOKED: 4498,
  /** The relay is shutting down; reconnect to another or later. */
  GOING_AWAY: 1001,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** Codes after which reconnecting cannot succeed without the person doing something. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CLOSE.UNAUTHENTICATED,
  CLOSE.FORBIDDEN,
  CLOSE.INCOMPATIBLE,
  CLOSE.REVOKED,
]);
