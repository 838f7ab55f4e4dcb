import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('relay configuration', () => {
  it('has working defaults: port 8080, data under ./data, staff accounts', () => {
    const result = loadConfig({}, '/srv/aligned');
    expect(result.ok && result.config).toMatchObject({
      port: 8080,
      dataDir: '/srv/aligned/data',
      auth: { mode: 'accounts' },
      sqliteSynchronous: 'FULL',
    });
  });

  it('names every bad value', () => {
    const result = loadConfig(
      { PORT: 'eighty', SQLITE_SYNCHRONOUS: 'SOMETIMES', MAX_FRAME_BYTES: '10' },
      '/',
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'MAX_FRAME_BYTES',
      'PORT',
      'SQLITE_SYNCHRONOUS',
    ]);
  });

  it('requires a credentials file in credentials mode', () => {
    expect(loadConfig({ AUTH_MODE: 'credentials' }, '/')).toEqual({
      ok: false,
      problems: ['CREDENTIALS_FILE: required when AUTH_MODE=credentials'],
    });
  });

  it('reads allowed origins and refuses something that is not an origin', () => {
    const ok = loadConfig({ ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:5173' }, '/');
    expect(ok.ok && ok.config.allowedOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(loadConfig({ ALLOWED_ORIGINS: 'app.example.com/path' }, '/').ok).toBe(false);
  });
});
