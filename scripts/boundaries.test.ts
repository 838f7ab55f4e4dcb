// Proves the dependency rule is enforced: each forbidden import direction is a lint error.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function errorsFor(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('shared/ may not import web/ or sync-server/', async () => {
    expect(await errorsFor('shared/src/x.ts', "import '@aligned/web';\n")).toHaveLength(1);
    expect(await errorsFor('shared/src/x.ts', "import '../../sync-server/src/storage.ts';\n")).toHaveLength(
      1,
    );
    expect(await errorsFor('shared/src/x.ts', "import '@aligned/sync-server';\n")).toHaveLength(1);
  });

  it('shared/ may not import Node-only or UI modules', async () => {
    expect(await errorsFor('shared/src/x.ts', "import 'node:fs';\n")).toHaveLength(1);
    expect(await errorsFor('shared/src/x.ts', "import 'svelte';\n")).toHaveLength(1);
  });

  it('web/ and sync-server/ may not import each other', async () => {
    expect(await errorsFor('web/src/lib/x.ts', "import '@aligned/sync-server';\n")).toHaveLength(1);
    expect(await errorsFor('web/src/lib/x.ts', "import '../../../sync-server/src/relay.ts';\n")).toHaveLength(
      1,
    );
    expect(await errorsFor('sync-server/src/x.ts', "import '@aligned/web';\n")).toHaveLength(1);
    expect(await errorsFor('sync-server/src/x.ts', "import '../../web/src/lib/x.ts';\n")).toHaveLength(1);
  });

  it('components may not touch Yjs directly', async () => {
    expect(await errorsFor('web/src/routes/x.ts', "import * as Y from 'yjs';\nexport { Y };\n")).toHaveLength(
      1,
    );
  });

  it('allowed directions pass', async () => {
    expect(await errorsFor('web/src/lib/x.ts', "import '@aligned/shared';\n")).toEqual([]);
    expect(await errorsFor('sync-server/src/x.ts', "import '@aligned/shared';\n")).toEqual([]);
    expect(await errorsFor('shared/src/x.ts', "import 'yjs';\n")).toEqual([]);
  });
});
