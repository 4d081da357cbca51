// Prints the size of the production build: every file in dist/ with its
// gzip size, and the totals (what a first visit downloads is index.html,
// the entry script and CSS; screens load their own chunks lazily).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const files = walk(dist).map((p) => {
  const data = readFileSync(p);
  return { name: relative(dist, p), bytes: data.length, gzip: gzipSync(data, { level: 9 }).length };
});
files.sort((a, b) => b.bytes - a.bytes);

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="[^"]*\/(assets\/[^"]+)"/g)].map((m) => m[1]));
initial.add('index.html');

let total = 0;
let totalGzip = 0;
let first = 0;
let firstGzip = 0;
console.log('admin-ui build size (dist/):');
for (const f of files) {
  total += f.bytes;
  totalGzip += f.gzip;
  const isInitial = initial.has(f.name);
  if (isInitial) {
    first += f.bytes;
    firstGzip += f.gzip;
  }
  console.log(`  ${f.name.padEnd(48)} ${kb(f.bytes).padStart(11)}  gzip ${kb(f.gzip).padStart(10)}${isInitial ? '  (first load)' : ''}`);
}
console.log(`  total: ${files.length} files, ${kb(total)} (gzip ${kb(totalGzip)}); first load: ${kb(first)} (gzip ${kb(firstGzip)})`);
