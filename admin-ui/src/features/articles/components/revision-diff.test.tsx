import i18n from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diff } from '../../../api/types';
import en from '../../../i18n/locales/en.json';
import { blockSummary, RevisionDiff } from './revision-diff';

const diff: Diff = {
  number: 3,
  against: 1,
  fields: [
    { field: 'headline', from: 'عنوان قديم', to: 'عنوان جديد' },
    { field: 'tag_ids', from: [], to: ['t1', 't2'] },
  ],
  body: [
    { op: 'equal', from_index: 0, to_index: 0, old: { type: 'paragraph', text: 'فقرة ثابتة' }, new: { type: 'paragraph', text: 'فقرة ثابتة' } },
    {
      op: 'change',
      from_index: 1,
      to_index: 1,
      old: { type: 'paragraph', text: 'قال <b>الوزير</b> أمس' },
      new: { type: 'paragraph', text: 'قال <b>الوزير</b> اليوم' },
      text: [
        { op: 'equal', text: 'قال <b>الوزير</b> ' },
        { op: 'delete', text: 'أمس' },
        { op: 'insert', text: 'اليوم' },
      ],
    },
    { op: 'insert', from_index: null, to_index: 2, new: { type: 'heading', level: 2, text: 'خلفية' } },
    { op: 'delete', from_index: 2, to_index: null, old: { type: 'quote', text: 'اقتباس محذوف', cite: 'مصدر' } },
  ],
};

const render = (d: Diff) =>
  renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <RevisionDiff diff={d} dir="rtl" />
    </I18nextProvider>,
  );

describe('RevisionDiff', () => {
  beforeAll(async () => {
    await i18n.use(initReactI18next).init({ resources: { en: { translation: en } }, lng: 'en', interpolation: { escapeValue: false } });
  });

  it('shows changed fields before and after', () => {
    const html = render(diff);
    expect(html).toContain('<caption>Fields</caption>');
    expect(html).toContain('Headline');
    expect(html).toMatch(/<del><span class="sr-only">removed: <\/span>عنوان قديم<\/del>/);
    expect(html).toMatch(/<ins><span class="sr-only">added: <\/span>عنوان جديد<\/ins>/);
    expect(html).toContain('Revision 1');
    expect(html).toContain('Revision 3');
    // An empty list reads as a dash, a list as its items.
    expect(html).toContain('—');
    expect(html).toContain('t1، t2');
  });

  it('shows the body block by block in the article direction, text changes as runs', () => {
    const html = render(diff);
    expect(html).toContain('<ol class="diff-body" dir="rtl">');
    const ops = [...html.matchAll(/data-op="(\w+)"/g)].map((m) => m[1]);
    expect(ops).toEqual(['equal', 'change', 'insert', 'delete']);
    // Inside a changed paragraph: kept text plain, removed and added words marked, markup tags not shown as text.
    expect(html).toContain('قال الوزير <del><span class="sr-only">removed: </span>أمس</del><ins><span class="sr-only">added: </span>اليوم</ins>');
    expect(html).not.toContain('&lt;b&gt;');
    expect(html).toContain('added block: </span>خلفية');
    expect(html).toContain('removed block: </span>اقتباس محذوف — مصدر');
  });

  it('says so when nothing changed', () => {
    const html = render({ number: 2, against: 1, fields: [], body: [{ op: 'equal', old: { type: 'paragraph', text: 'x' }, new: { type: 'paragraph', text: 'x' } }] });
    expect(html).toContain('No differences.');
    expect(html).not.toContain('diff-body');
  });

  it('escapes what it shows: markup in a revision is never injected', () => {
    const html = render({ number: 2, against: 1, fields: [{ field: 'headline', from: '<img src=x onerror=alert(1)>', to: 'ok' }], body: [] });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('summarises each block type in words', () => {
    expect(blockSummary({ type: 'list', items: ['a', '<b>b</b>'] })).toBe('• a\n• b');
    expect(blockSummary({ type: 'image', media_id: 'm1', caption: 'c' })).toBe('c · m1');
    expect(blockSummary({ type: 'embed', url: 'https://x' })).toBe('https://x');
    expect(blockSummary(null)).toBe('');
  });
});
