// The message files: Arabic and English have the same keys, every plural has
// the forms its language needs (Arabic six, English two), placeholders match,
// and every key the code asks for by name exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ar from './locales/ar.json';
import en from './locales/en.json';

type Tree = { [k: string]: string | Tree };

function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

/** base keys, with the plural forms each has */
function byBase(m: Map<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of m.keys()) {
    const match = pluralSuffix.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const forms = out.get(base) ?? new Set<string>();
    if (match) forms.add(match[1]!);
    out.set(base, forms);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const files = { ar: flatten(ar as Tree), en: flatten(en as Tree) };

describe('message files', () => {
  it('have the same keys in Arabic and English', () => {
    const a = [...byBase(files.ar).keys()].sort();
    const e = [...byBase(files.en).keys()].sort();
    expect(a.filter((k) => !e.includes(k)), 'only in ar.json').toEqual([]);
    expect(e.filter((k) => !a.includes(k)), 'only in en.json').toEqual([]);
  });

  it('have every plural form each language needs', () => {
    for (const lang of ['ar', 'en'] as const) {
      const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.map(String).sort();
      for (const [base, forms] of byBase(files[lang])) {
        if (forms.size === 0) continue;
        expect([...forms].sort(), `${lang}: ${base}`).toEqual(needed);
      }
    }
    // A plural in one language is a plural in the other.
    const arPlurals = [...byBase(files.ar)].filter(([, f]) => f.size > 0).map(([k]) => k).sort();
    const enPlurals = [...byBase(files.en)].filter(([, f]) => f.size > 0).map(([k]) => k).sort();
    expect(arPlurals).toEqual(enPlurals);
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of files.en) {
      const base = key.replace(pluralSuffix, '');
      const arText = files.ar.get(key) ?? files.ar.get(`${base}_other`);
      if (arText === undefined) continue;
      // Arabic singular and dual forms may spell the number out instead of {{count}}.
      const want = placeholders(text).filter((p) => p !== 'count');
      expect(placeholders(arText).filter((p) => p !== 'count'), key).toEqual(want);
    }
  });

  it('have no empty messages', () => {
    for (const lang of ['ar', 'en'] as const) for (const [k, v] of files[lang]) expect(v.trim(), `${lang}: ${k}`).not.toBe('');
  });

  it('contain every key the code names', () => {
    const src = join(__dirname, '..');
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) sources.push(readFileSync(p, 'utf8'));
      }
    };
    walk(src);
    const named = new Set<string>();
    for (const text of sources) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) named.add(m[1]!);
      for (const m of text.matchAll(/label: '([a-z][\w]*\.[\w.]+)'/g)) named.add(m[1]!);
    }
    const bases = byBase(files.en);
    const missing = [...named].filter((k) => !bases.has(k));
    expect(missing).toEqual([]);
  });
});
