// Fails when src/api/schema.d.ts differs from a fresh generation from the
// backend's OpenAPI document (backend/server/testdata/openapi.json): the
// API changed and `npm run gen:api` must be run (and the result committed).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const spec = join(root, '../backend/server/testdata/openapi.json');
const committed = join(root, 'src/api/schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'admin-ui-api-'));
try {
  const fresh = join(dir, 'schema.d.ts');
  execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), [spec, '-o', fresh], { stdio: ['ignore', 'ignore', 'inherit'] });
  const want = readFileSync(fresh, 'utf8');
  const got = readFileSync(committed, 'utf8');
  if (want !== got) {
    const a = got.split('\n');
    const b = want.split('\n');
    let i = 0;
    while (i < Math.max(a.length, b.length) && a[i] === b[i]) i++;
    console.error(`check:api: src/api/schema.d.ts is out of date with ${spec}.`);
    console.error(`  first difference at line ${i + 1}:\n    committed: ${a[i] ?? '(end)'}\n    generated: ${b[i] ?? '(end)'}`);
    console.error('  Run `npm run gen:api` in admin-ui, check that it still type-checks, and commit the result.');
    process.exit(1);
  }
  console.log('check:api: src/api/schema.d.ts matches the backend OpenAPI document');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
