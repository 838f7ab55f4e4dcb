/**
 * Where the relay is. A runtime setting, never baked into the build, so one build can be served
 * by any static host: a person's override in Settings (this device), else `relayUrl` in
 * `/aligned.config.json` beside the app, else the app's own origin.
 */
import { RuntimeConfig } from '@aligned/shared/protocol';

const OVERRIDE_KEY = 'aligned.relayUrl';

export type RelayAddress = { httpBase: string; syncUrl: string; source: 'device' | 'config' | 'same-origin' };

export function relayOverride(): string | null {
  return localStorage.getItem(OVERRIDE_KEY);
}

export function setRelayOverride(url: string | null): void {
  if (url) localStorage.setItem(OVERRIDE_KEY, url);
  else localStorage.removeItem(OVERRIDE_KEY);
}

/** Checks a relay address typed in Settings. */
export function checkRelayUrl(input: string): { ok: true; url: string } | { ok: false; error: string } {
  try {
    const url = new URL(input.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return { ok: false, error: 'Use an http:// or https:// address' };
    return { ok: true, url: url.origin };
  } catch {
    return { ok: false, error: 'Not a web address' };
  }
}

function toAddress(base: string, source: RelayAddress['source']): RelayAddress {
  const url = new URL(base);
  const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return { httpBase: url.origin, syncUrl: `${ws}//${url.host}/sync`, source };
}

export async function resolveRelayAddress(origin: string = location.origin): Promise<RelayAddress> {
  const override = relayOverride();
  if (override) return toAddress(override, 'device');
  try {
    const response = await fetch('/aligned.config.json', { cache: 'no-cache' });
    if (response.ok) {
      const parsed = RuntimeConfig.safeParse(await response.json());
      if (parsed.success && parsed.data.relayUrl) return toAddress(parsed.data.relayUrl, 'config');
    }
  } catch {
    // Offline and not cached: the same origin is the right default.
  }
  return toAddress(origin, 'same-origin');
}
