import { describe, expect, it } from 'vitest';
import type { Article, Block } from '../../../api/types';
import { blocksFromApi, blocksToApi, bodyText, changedFields, draftDifferences, draftFromArticle, emptyBlock, type EditorBlock } from './block-conversion';

const stored: Block[] = [
  { type: 'paragraph', text: 'قالت مصادر إن <b>المشاورات</b> مستمرة' },
  { type: 'heading', level: 3, text: 'خلفية' },
  { type: 'image', media_id: 'm1', caption: 'وفود في أستانا' },
  { type: 'quote', text: 'لا بديل عن الحوار', cite: 'الوزير' },
  { type: 'list', ordered: true, items: ['أولًا', '<i>ثانيًا</i>'] },
  { type: 'embed', url: 'https://x.example/post/1' },
  { type: 'video', url: 'https://video.example/v/2' },
];

const article = (over: Partial<Article> = {}): Article => ({
  id: 'a1', kind: 'standard', language: 'ar', headline: 'عنوان', subheadline: '', summary: '', slug: 'عنوان', body: stored, status: 'draft',
  changes_requested: false, live: false, has_unpublished_changes: false, comments_open: true, version: 4, section_id: null, tag_ids: ['t1'],
  story_ids: [], author_ids: ['au1', 'au2'], hero_media_id: null, related_ids: [], live_writer_ids: [], source: '', created_by: 'u1',
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', allowed_actions: ['submit', 'edit'], ...over,
});

describe('blocks between the API and the editor', () => {
  it('round-trips every block type unchanged', () => {
    const editor = blocksFromApi(stored);
    expect(editor.map((b) => b.type)).toEqual(['paragraph', 'heading', 'image', 'quote', 'list', 'embed', 'video']);
    expect(new Set(editor.map((b) => b.key)).size).toBe(editor.length);
    expect(blocksToApi(editor)).toEqual(stored);
  });

  it('gives each type exactly its own fields', () => {
    for (const b of blocksToApi(blocksFromApi(stored))) {
      const allowed: Record<string, string[]> = {
        paragraph: ['type', 'text'], heading: ['type', 'level', 'text'], image: ['type', 'media_id', 'caption'], quote: ['type', 'text', 'cite'],
        list: ['type', 'ordered', 'items'], embed: ['type', 'url'], video: ['type', 'url', 'media_id', 'caption'],
      };
      for (const k of Object.keys(b)) expect(allowed[b.type]).toContain(k);
    }
  });

  it('leaves out blocks the API would refuse as empty', () => {
    const blocks: EditorBlock[] = [
      { ...emptyBlock('paragraph'), text: '<b> </b><br>' },
      emptyBlock('heading'),
      emptyBlock('image'),
      { ...emptyBlock('list'), items: ['', '<i></i>'] },
      { ...emptyBlock('embed'), url: '   ' },
      emptyBlock('video'),
      { ...emptyBlock('quote'), text: '', cite: 'nobody' },
      { ...emptyBlock('paragraph'), text: 'kept' },
    ];
    expect(blocksToApi(blocks)).toEqual([{ type: 'paragraph', text: 'kept' }]);
  });

  it('cleans what a contentEditable produces', () => {
    const b: EditorBlock = { ...emptyBlock('paragraph'), text: 'نص <strong>عريض</strong><div>سطر</div><span style="x">و</span><script>alert(1)</script>' };
    expect(blocksToApi([b])).toEqual([{ type: 'paragraph', text: 'نص <b>عريض</b><br>سطر<br>و' }]);
  });

  it('makes headings, captions and citations one line, and drops empty list items', () => {
    const blocks: EditorBlock[] = [
      { ...emptyBlock('heading'), text: ' سطر\nثان ', level: 4 },
      { ...emptyBlock('list'), items: ['واحد', '', 'اثنان'] },
      { ...emptyBlock('image'), mediaId: 'm2', caption: '  ' },
    ];
    expect(blocksToApi(blocks)).toEqual([
      { type: 'heading', level: 4, text: 'سطر ثان' },
      { type: 'list', ordered: false, items: ['واحد', 'اثنان'] },
      { type: 'image', media_id: 'm2' },
    ]);
  });

  it('reads unknown block types as paragraphs instead of losing their text', () => {
    expect(blocksFromApi([{ type: 'gallery', text: 'x' }])[0]).toMatchObject({ type: 'paragraph', text: 'x' });
  });
});

describe('what a save sends', () => {
  it('sends only the fields that changed', () => {
    const base = draftFromArticle(article());
    expect(changedFields(base, base)).toEqual({});
    const edited = { ...base, headline: 'عنوان جديد', tag_ids: ['t1', 't2'], section_id: 's1' };
    expect(changedFields(base, edited)).toEqual({ headline: 'عنوان جديد', tag_ids: ['t1', 't2'], section_id: 's1' });
  });

  it('sends the whole body when a block changed, and notices reordering', () => {
    const base = draftFromArticle(article());
    const body = [...base.body];
    [body[0], body[1]] = [body[1]!, body[0]!];
    const input = changedFields(base, { ...base, body });
    expect(input.body?.map((b) => b.type)).toEqual(['heading', 'paragraph', 'image', 'quote', 'list', 'embed', 'video']);
    // Order matters for bylines too.
    expect(changedFields(base, { ...base, author_ids: ['au2', 'au1'] })).toEqual({ author_ids: ['au2', 'au1'] });
  });

  it('sends the live writers when an editor assigns or removes one, and only then', () => {
    const base = draftFromArticle(article({ kind: 'live', live_writer_ids: ['w1'] }));
    expect(base.live_writer_ids).toEqual(['w1']);
    expect(changedFields(base, { ...base, live_writer_ids: ['w1', 'w2'] })).toEqual({ live_writer_ids: ['w1', 'w2'] });
    expect(changedFields(base, { ...base, live_writer_ids: [] })).toEqual({ live_writer_ids: [] });
    expect(changedFields(base, { ...base, live_writer_ids: ['w1'] })).toEqual({});
    expect(draftDifferences(base, { ...base, live_writer_ids: ['w2'] })).toEqual(['live_writer_ids']);
  });

  it('clears an optional field with null and never sends an empty slug', () => {
    const base = draftFromArticle(article({ hero_media_id: 'm9' }));
    expect(changedFields(base, { ...base, hero_media_id: null, slug: '  ' })).toEqual({ hero_media_id: null });
  });

  it('lists the differing fields of two versions for the conflict screen', () => {
    const mine = draftFromArticle(article());
    const theirs = { ...draftFromArticle(article()), headline: 'عنوانهم', summary: 'ملخصهم' };
    expect(draftDifferences(mine, theirs).sort()).toEqual(['headline', 'summary']);
    expect(bodyText(mine.body).split('\n')[0]).toBe('قالت مصادر إن المشاورات مستمرة');
  });
});
