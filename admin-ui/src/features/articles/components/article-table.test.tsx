import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import i18n from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../../api/types';
import en from '../../../i18n/locales/en.json';
import { ArticleTable } from './article-table';

const article = (id: string, headline: string, allowed: string[]): Article => ({
  id, kind: 'standard', language: 'ar', headline, subheadline: '', summary: '', slug: id, body: [], status: 'draft', changes_requested: false, live: false,
  has_unpublished_changes: false, comments_open: true, version: 1, section_id: null, tag_ids: [], story_ids: [], author_ids: [], hero_media_id: null,
  related_ids: [], live_writer_ids: [], source: '', created_by: 'u1', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', allowed_actions: allowed,
});

const render = (articles: Article[]) =>
  renderToStaticMarkup(
    <QueryClientProvider client={new QueryClient()}>
      <I18nextProvider i18n={i18n}>
        <MemoryRouter>
          <ArticleTable articles={articles} />
        </MemoryRouter>
      </I18nextProvider>
    </QueryClientProvider>,
  );

describe('ArticleTable', () => {
  beforeAll(async () => {
    await i18n.use(initReactI18next).init({ resources: { en: { translation: en } }, lng: 'en', interpolation: { escapeValue: false } });
  });

  it('offers delete exactly on the rows whose allowed_actions list it', () => {
    const html = render([article('a1', 'مسودتي', ['submit', 'edit', 'delete']), article('a2', 'قيد المراجعة', ['edit'])]);
    expect(html).toContain('aria-label="Delete: مسودتي"');
    expect(html).not.toContain('aria-label="Delete: قيد المراجعة"');
    // The confirmation dialog is closed until a delete is asked for.
    expect(html).not.toContain('Delete this draft?');
  });

  it('has no actions column when nothing can be deleted', () => {
    const html = render([article('a2', 'قيد المراجعة', ['edit'])]);
    expect(html).not.toContain('Delete');
    expect(html).not.toContain('<span class="sr-only">Actions</span>');
  });
});
