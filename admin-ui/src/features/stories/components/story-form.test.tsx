import i18n from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../../api/types';
import en from '../../../i18n/locales/en.json';
import type { ImageFieldProps } from './slots';
import { StoryForm, storyChanges, storyFormValues } from './story-form';

const story: Story = {
  id: 's1', title: 'مفاوضات أستانا', slug: 'مفاوضات-أستانا', description: '', status: 'developing', what_we_know: '', featured: false, position: 0,
  manual_order: false, article_count: 3, published_count: 2, version: 5, cover_media_id: 'm1', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
};

describe('storyChanges', () => {
  it('sends nothing when nothing changed', () => {
    expect(storyChanges(story, storyFormValues(story))).toEqual({});
  });

  it('sends a new cover, and null to clear it', () => {
    expect(storyChanges(story, { ...storyFormValues(story), cover_media_id: 'm2' })).toEqual({ cover_media_id: 'm2' });
    expect(storyChanges(story, { ...storyFormValues(story), cover_media_id: null })).toEqual({ cover_media_id: null });
    const bare = { ...story, cover_media_id: undefined };
    expect(storyChanges(bare, storyFormValues(bare))).toEqual({});
  });

  it('sends a new story\'s cover only when one was chosen', () => {
    const fresh = { ...storyFormValues(), title: ' غزة ' };
    expect(storyChanges(undefined, fresh)).not.toHaveProperty('cover_media_id');
    expect(storyChanges(undefined, { ...fresh, cover_media_id: 'm3' })).toMatchObject({ title: 'غزة', cover_media_id: 'm3' });
  });
});

describe('StoryForm', () => {
  beforeAll(async () => {
    await i18n.use(initReactI18next).init({ resources: { en: { translation: en } }, lng: 'en', interpolation: { escapeValue: false } });
  });

  // Any component with the slot's props fits; this one shows what it was given.
  const FakeImageField = ({ label, value }: ImageFieldProps) => <output data-label={label}>{value ?? 'none'}</output>;
  const render = (ImageField?: typeof FakeImageField) =>
    renderToStaticMarkup(
      <I18nextProvider i18n={i18n}>
        <StoryForm story={story} busy={false} error={null} onSubmit={() => undefined} submitLabel="Save" ImageField={ImageField} />
      </I18nextProvider>,
    );

  it('hands the cover image to the image field it is given', () => {
    expect(render(FakeImageField)).toContain('<output data-label="Cover image">m1</output>');
  });

  it('has no cover field without one', () => {
    expect(render()).not.toContain('Cover image');
  });
});
