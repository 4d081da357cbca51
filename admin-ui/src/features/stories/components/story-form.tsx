import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import type { Story, StoryInput } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Checkbox, SelectField, TextArea, TextField } from '../../../components/ui/field';
import type { ImageFieldProps } from './slots';

/** StoryFormValues is what the form holds. */
export interface StoryFormValues {
  title: string;
  slug: string;
  description: string;
  status: string;
  what_we_know: string;
  featured: boolean;
  position: number;
  cover_media_id: string | null;
}

export function storyFormValues(story?: Story): StoryFormValues {
  return {
    title: story?.title ?? '',
    slug: story?.slug ?? '',
    description: story?.description ?? '',
    status: story?.status ?? 'developing',
    what_we_know: story?.what_we_know ?? '',
    featured: story?.featured ?? false,
    position: story?.position ?? 0,
    cover_media_id: story?.cover_media_id ?? null,
  };
}

/**
 * storyChanges is the body that saves the form: for a new story what is
 * filled in, for an existing one only what changed (null clears the cover).
 */
export function storyChanges(story: Story | undefined, f: StoryFormValues): StoryInput {
  const input: StoryInput = {};
  if (!story || f.title !== story.title) input.title = f.title.trim();
  if (f.slug.trim() && (!story || f.slug !== story.slug)) input.slug = f.slug.trim();
  if (!story || f.description !== story.description) input.description = f.description;
  if (!story || f.status !== story.status) input.status = f.status;
  if (!story || f.what_we_know !== story.what_we_know) input.what_we_know = f.what_we_know;
  if (!story || f.featured !== story.featured) input.featured = f.featured;
  if (!story || f.position !== story.position) input.position = f.position;
  if (story ? f.cover_media_id !== (story.cover_media_id ?? null) : f.cover_media_id) input.cover_media_id = f.cover_media_id;
  return input;
}

export interface StoryFormProps {
  story?: Story;
  busy: boolean;
  error: unknown;
  onSubmit: (input: StoryInput) => void;
  submitLabel: string;
  /** ImageField, when given, picks the cover image. */
  ImageField?: ComponentType<ImageFieldProps>;
}

/** StoryForm edits a story's title, slug, description, status, "what we know", cover image, and its place on the home strip. */
export function StoryForm({ story, busy, error, onSubmit, submitLabel, ImageField }: StoryFormProps) {
  const { t } = useTranslation();
  const [f, setF] = useState<StoryFormValues>(() => storyFormValues(story));
  const fields = error instanceof ApiError ? error.fields : {};
  const submit = () => onSubmit(storyChanges(story, f));
  return (
    <form
      className="story-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <TextField label={t('stories.fields.title')} dir="auto" required value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} error={fields['title']} />
      <TextField label={t('stories.fields.slug')} hint={t('article.slugHint')} dir="auto" value={f.slug} onChange={(e) => setF({ ...f, slug: e.target.value })} error={fields['slug']} />
      <TextArea label={t('stories.fields.description')} dir="auto" rows={2} value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} error={fields['description']} />
      <SelectField label={t('stories.fields.status')} value={f.status} onChange={(e) => setF({ ...f, status: e.target.value })}>
        <option value="developing">{t('stories.status.developing')}</option>
        <option value="concluded">{t('stories.status.concluded')}</option>
      </SelectField>
      <TextArea label={t('stories.fields.what_we_know')} hint={t('stories.whatWeKnowHint')} dir="auto" rows={4} value={f.what_we_know} onChange={(e) => setF({ ...f, what_we_know: e.target.value })} error={fields['what_we_know']} />
      {ImageField && <ImageField label={t('stories.fields.cover_media_id')} value={f.cover_media_id} onChange={(id) => setF({ ...f, cover_media_id: id })} error={fields['cover_media_id']} />}
      <div className="field-pair">
        <Checkbox label={t('stories.fields.featured')} checked={f.featured} onChange={(e) => setF({ ...f, featured: e.target.checked })} />
        <TextField label={t('stories.fields.position')} type="number" min={0} value={f.position} onChange={(e) => setF({ ...f, position: Number(e.target.value) })} error={fields['position']} />
      </div>
      {error != null && !Object.keys(fields).length && <ErrorMessage error={error} />}
      <Button type="submit" variant="primary" busy={busy} disabled={!f.title.trim()}>
        {submitLabel}
      </Button>
    </form>
  );
}
