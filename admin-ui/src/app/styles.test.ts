// The layout works in both directions only if no rule names a physical side:
// margin-inline-start, not margin-left; text-align: start, not left.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const physicalCSS = [
  /\b(margin|padding|border)-(left|right)\b/,
  /(^|[\s;{])(left|right)\s*:/,
  /\btext-align\s*:\s*(left|right)\b/,
  /\bfloat\s*:\s*(left|right)\b/,
  /\bclear\s*:\s*(left|right)\b/,
  /\bborder-(top|bottom)-(left|right)-radius\b/,
];
const physicalStyleProps = /\b(marginLeft|marginRight|paddingLeft|paddingRight|borderLeft|borderRight|left|right)\s*:/;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(name) ? [p] : [];
  });
}

describe('styles use logical properties only', () => {
  const src = join(__dirname, '..');
  it('in CSS files', () => {
    const found: string[] = [];
    for (const f of files(src, /\.css$/)) {
      readFileSync(f, 'utf8')
        // Comments may name what they forbid; blank them, keeping line numbers.
        .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
        .split('\n')
        .forEach((line, i) => {
          if (physicalCSS.some((re) => re.test(line))) found.push(`${f}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('in inline styles', () => {
    const found: string[] = [];
    for (const f of files(src, /\.tsx$/)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/style=\{\{([^}]*)\}\}/g)) {
        if (physicalStyleProps.test(m[1]!)) found.push(`${f}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
