// Between the API's body blocks and the editor's: the editor adds a stable
// key to each block (for React and for moving blocks), keeps half-written
// blocks, and cleans everything on the way out so the API gets exactly the
// fields each block type has, with sanitised inline markup and no empty
// blocks (which it would refuse).
import type { Article, ArticleInput, Block } from '../../../api/types';
import { isBlank, plainText, sanitizeInline } from '../../../lib/inline-markup';

export type BlockType = 'paragraph' | 'heading' | 'image' | 'quote' | 'list' | 'embed' | 'video';

export const blockTypes: readonly BlockType[] = ['paragraph', 'heading', 'image', 'quote', 'list', 'embed', 'video'];

/** EditorBlock is a block being edited: every field a type may have, and a key. */
export interface EditorBlock {
  key: string;
  type: BlockType;
  text: string;
  level: number;
  mediaId: string;
  caption: string;
  cite: string;
  ordered: boolean;
  items: string[];
  url: string;
}

let seq = 0;
export function newKey(): string {
  seq += 1;
  return `b${seq}`;
}

export function emptyBlock(type: BlockType): EditorBlock {
  return { key: newKey(), type, text: '', level: 2, mediaId: '', caption: '', cite: '', ordered: false, items: type === 'list' ? [''] : [], url: '' };
}

function isBlockType(t: string): t is BlockType {
  return (blockTypes as readonly string[]).includes(t);
}

/** blocksFromApi turns stored blocks into editor blocks (unknown types become paragraphs of their text). */
export function blocksFromApi(blocks: readonly Block[]): EditorBlock[] {
  return blocks.map((b) => {
    const type = isBlockType(b.type) ? b.type : 'paragraph';
    return {
      ...emptyBlock(type),
      text: b.text ?? '',
      level: b.level && b.level >= 2 && b.level <= 4 ? b.level : 2,
      mediaId: b.media_id ?? '',
      caption: b.caption ?? '',
      cite: b.cite ?? '',
      ordered: b.ordered ?? false,
      items: type === 'list' ? (b.items?.length ? [...b.items] : ['']) : [],
      url: b.url ?? '',
    };
  });
}

// Control characters (C0 and DEL) become spaces: headings, captions and citations are one line.
const oneLine = (s: string) => Array.from(s, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c)).join('').trim();

/** blockToApi cleans one block; undefined when nothing of it would be kept. */
export function blockToApi(b: EditorBlock): Block | undefined {
  switch (b.type) {
    case 'paragraph': {
      const text = sanitizeInline(b.text);
      return isBlank(text) ? undefined : { type: 'paragraph', text };
    }
    case 'heading': {
      const text = oneLine(b.text);
      return text ? { type: 'heading', level: b.level, text } : undefined;
    }
    case 'image': {
      if (!b.mediaId) return undefined;
      const caption = oneLine(b.caption);
      return caption ? { type: 'image', media_id: b.mediaId, caption } : { type: 'image', media_id: b.mediaId };
    }
    case 'quote': {
      const text = sanitizeInline(b.text);
      if (isBlank(text)) return undefined;
      const cite = oneLine(b.cite);
      return cite ? { type: 'quote', text, cite } : { type: 'quote', text };
    }
    case 'list': {
      const items = b.items.map(sanitizeInline).filter((i) => !isBlank(i));
      return items.length ? { type: 'list', ordered: b.ordered, items } : undefined;
    }
    case 'embed': {
      const url = b.url.trim();
      return url ? { type: 'embed', url } : undefined;
    }
    case 'video': {
      const url = b.url.trim();
      const caption = oneLine(b.caption);
      if (url) return caption ? { type: 'video', url, caption } : { type: 'video', url };
      if (b.mediaId) return caption ? { type: 'video', media_id: b.mediaId, caption } : { type: 'video', media_id: b.mediaId };
      return undefined;
    }
  }
}

/** blocksToApi cleans the body for saving: empty blocks are left out. */
export function blocksToApi(blocks: readonly EditorBlock[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const clean = blockToApi(b);
    if (clean) out.push(clean);
  }
  return out;
}

/** Draft is the editable content of an article, as the editor holds it. */
export interface Draft {
  headline: string;
  subheadline: string;
  summary: string;
  source: string;
  slug: string;
  language: string;
  kind: string;
  section_id: string | null;
  hero_media_id: string | null;
  tag_ids: string[];
  story_ids: string[];
  author_ids: string[];
  related_ids: string[];
  /** The writers assigned to a live article (editors assign them). */
  live_writer_ids: string[];
  comments_open: boolean;
  body: EditorBlock[];
}

export function draftFromArticle(a: Article): Draft {
  return {
    headline: a.headline,
    subheadline: a.subheadline,
    summary: a.summary,
    source: a.source,
    slug: a.slug,
    language: a.language,
    kind: a.kind,
    section_id: a.section_id ?? null,
    hero_media_id: a.hero_media_id ?? null,
    tag_ids: [...a.tag_ids],
    story_ids: [...a.story_ids],
    author_ids: [...a.author_ids],
    related_ids: [...a.related_ids],
    live_writer_ids: [...a.live_writer_ids],
    comments_open: a.comments_open,
    body: blocksFromApi(a.body),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * changedFields is the PATCH body that turns `base` into `draft`: only the
 * fields that differ, so a save never rewrites what the user did not touch.
 */
export function changedFields(base: Draft, draft: Draft): ArticleInput {
  const out: ArticleInput = {};
  for (const f of ['headline', 'subheadline', 'summary', 'source', 'language', 'kind'] as const) {
    if (base[f] !== draft[f]) out[f] = draft[f];
  }
  if (base.slug !== draft.slug && draft.slug.trim() !== '') out.slug = draft.slug.trim();
  if (base.section_id !== draft.section_id) out.section_id = draft.section_id;
  if (base.hero_media_id !== draft.hero_media_id) out.hero_media_id = draft.hero_media_id;
  for (const f of ['tag_ids', 'story_ids', 'author_ids', 'related_ids', 'live_writer_ids'] as const) {
    if (!sameList(base[f], draft[f])) out[f] = [...draft[f]];
  }
  if (base.comments_open !== draft.comments_open) out.comments_open = draft.comments_open;
  const body = blocksToApi(draft.body);
  if (JSON.stringify(blocksToApi(base.body)) !== JSON.stringify(body)) out.body = body;
  return out;
}

/** isEmptyInput says a PATCH body would change nothing. */
export function isEmptyInput(input: ArticleInput): boolean {
  return Object.keys(input).length === 0;
}

/** bodyText is the readable text of a body, one block a line (for comparing versions). */
export function bodyText(blocks: readonly EditorBlock[]): string {
  return blocksToApi(blocks)
    .map((b) => {
      switch (b.type) {
        case 'list':
          return (b.items ?? []).map((i) => `• ${plainText(i)}`).join('\n');
        case 'image':
          return `[${b.caption ?? ''} ${b.media_id ?? ''}]`.trim();
        case 'embed':
        case 'video':
          return `[${b.url ?? b.media_id ?? ''}]`;
        case 'quote':
          return `« ${plainText(b.text ?? '')} »${b.cite ? ` — ${b.cite}` : ''}`;
        default:
          return plainText(b.text ?? '');
      }
    })
    .join('\n');
}

/** draftDifferences lists the fields where two drafts differ, for the conflict screen. */
export function draftDifferences(mine: Draft, theirs: Draft): (keyof Draft)[] {
  const input = changedFields(theirs, mine);
  const out = Object.keys(input) as (keyof Draft)[];
  if (mine.slug !== theirs.slug && !out.includes('slug')) out.push('slug');
  return out;
}
