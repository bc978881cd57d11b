// The module-boundary lint, run through ESLint's Node API on the workspace's real config. Each case lints the same
// source twice at a path where it would live: once with a forbidden import (must fail, naming it), once without.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });
const RULE = '@typescript-eslint/no-restricted-imports';

async function lint(filePath: string, code: string): Promise<ESLint.LintResult> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  return result;
}

const restricted = (r: ESLint.LintResult) => r.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);

const tsModule = (imports: string) => `${imports}
export const answer: number = 42;
`;

const svelteComponent = (imports: string) => `<script lang="ts">
  ${imports}
  const count: number = 1;
</script>

<p>{count}</p>
`;

describe('browser-safe code may not import Node', () => {
  const cases: { where: string; file: string; wrap: (imports: string) => string; imports: string; names: string }[] = [
    { where: 'a core module', file: 'packages/core/src/metrics/zz-boundary.ts', wrap: tsModule, imports: "import { readFileSync } from 'node:fs';\nvoid readFileSync;", names: 'node:fs' },
    { where: 'a core module (bare name)', file: 'packages/core/src/zz-boundary.ts', wrap: tsModule, imports: "import { join } from 'path';\nvoid join;", names: "'path'" },
    { where: 'a datasets module', file: 'packages/datasets/src/zz-boundary.ts', wrap: tsModule, imports: "import { Worker } from 'worker_threads';\nvoid Worker;", names: 'worker_threads' },
    { where: 'a core module (Node entry)', file: 'packages/kelm/src/zz-boundary.ts', wrap: tsModule, imports: "import * as n from '@aelab/core/node';\nvoid n;", names: '@aelab/core/node' },
    { where: 'a web component', file: 'apps/web/src/lib/components/ZzBoundary.svelte', wrap: svelteComponent, imports: "import { readFile } from 'node:fs/promises';\n  void readFile;", names: 'node:fs/promises' },
    { where: 'a web module', file: 'apps/web/src/lib/zz-boundary.ts', wrap: tsModule, imports: "import { createClient } from '@aelab/server/client';\nvoid createClient;", names: '@aelab/server/client' },
  ];

  for (const c of cases) {
    it(`${c.where}: ${c.names} fails lint, naming the import`, async () => {
      const result = await lint(c.file, c.wrap(c.imports));
      const messages = restricted(result);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain(c.names.replaceAll("'", ''));
    });

    it(`${c.where}: the same file without the import passes`, async () => {
      const result = await lint(c.file, c.wrap(''));
      expect(result.messages).toEqual([]);
    });
  }
});

describe('each file group keeps all of its restrictions', () => {
  // A later block that sets the same rule would replace these options, so one file is checked against every kind.
  it('browser-safe package code: Node built-ins, Node entries, apps and internals all fail', async () => {
    const imports = [
      "import { readFileSync } from 'node:fs';",
      "import * as nodeEntry from '@aelab/datasets/node';",
      "import * as server from '@aelab/server';",
      "import * as internals from '@aelab/kelm/src/elm.js';",
      'export const all = [readFileSync, nodeEntry, server, internals];',
    ].join('\n');
    const messages = restricted(await lint('packages/core/src/zz-boundary.ts', imports));
    expect(messages).toHaveLength(4);
  });

  it('web code: apps, Node and value imports from the server all fail; server types pass', async () => {
    const bad = svelteComponent("import { main } from '@aelab/cli';\n  import { createServer } from 'node:http';\n  import { ServerError } from '@aelab/server';\n  void [main, createServer, ServerError];");
    expect(restricted(await lint('apps/web/src/App.svelte', bad))).toHaveLength(3);
    const ok = svelteComponent("import type { AppRouter } from '@aelab/server';\n  import { RUN_STATUSES } from '@aelab/server';\n  const statuses: AppRouter | readonly string[] = RUN_STATUSES;\n  void statuses;");
    expect((await lint('apps/web/src/App.svelte', ok)).messages).toEqual([]);
  });

  it('Node-only places may use Node built-ins but still not apps', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n";
    expect((await lint('packages/core/src/node/zz-boundary.ts', code)).messages).toEqual([]);
    expect((await lint('packages/core/src/metrics/zz-boundary.test.ts', code)).messages).toEqual([]);
    const app = "import * as cli from '@aelab/cli';\nexport const c = cli;\n";
    expect(restricted(await lint('packages/core/src/node/zz-boundary.ts', app))).toHaveLength(1);
  });
});
