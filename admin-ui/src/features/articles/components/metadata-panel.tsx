import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../../../api/me';
import { Button } from '../../../components/ui/button';
import { Checkbox, SelectField, TextField } from '../../../components/ui/field';
import { useSections } from '../api/use-lookups';
import type { Draft } from './block-conversion';
import { LookupSelect } from './lookup-select';
import { MediaThumb } from './media-thumb';
import type { MediaPickerProps } from './slots';

export interface MetadataPanelProps {
  articleId: string;
  draft: Draft;
  update: (change: (d: Draft) => Draft) => void;
  readOnly: boolean;
  fieldErrors: Record<string, string>;
  MediaPicker: ComponentType<MediaPickerProps>;
}

/** MetadataPanel edits what is around the text: section, tags, stories, bylines, hero image, source, language, kind. */
export function MetadataPanel({ articleId, draft, update, readOnly, fieldErrors, MediaPicker }: MetadataPanelProps) {
  const { t } = useTranslation();
  const me = useMe();
  const sections = useSections();
  const [picking, setPicking] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => update((d) => ({ ...d, [k]: v }));

  return (
    <div className="metadata">
      <div className="field-pair">
        <SelectField label={t('article.fields.language')} value={draft.language} disabled={readOnly} onChange={(e) => set('language', e.target.value)} error={fieldErrors['language']}>
          <option value="ar">{t('languages.ar')}</option>
          <option value="en">{t('languages.en')}</option>
        </SelectField>
        <SelectField label={t('article.fields.kind')} value={draft.kind} disabled={readOnly} onChange={(e) => set('kind', e.target.value)} error={fieldErrors['kind']}>
          <option value="standard">{t('kinds.standard')}</option>
          <option value="live">{t('kinds.live')}</option>
          <option value="video">{t('kinds.video')}</option>
        </SelectField>
      </div>
      <SelectField
        label={t('article.fields.section_id')}
        value={draft.section_id ?? ''}
        disabled={readOnly}
        onChange={(e) => set('section_id', e.target.value || null)}
        error={fieldErrors['section_id']}
      >
        <option value="">{t('article.noSection')}</option>
        {sections.data?.data.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <div className="field">
        <span className="field-label" id={`hero-${articleId}`}>
          {t('article.fields.hero_media_id')}
        </span>
        {draft.hero_media_id ? <MediaThumb id={draft.hero_media_id} /> : <p className="muted">{t('article.noHero')}</p>}
        {!readOnly && (
          <div className="button-row">
            <Button small onClick={() => setPicking(true)} aria-describedby={`hero-${articleId}`}>
              {draft.hero_media_id ? t('article.changeHero') : t('article.chooseHero')}
            </Button>
            {draft.hero_media_id && (
              <Button small variant="ghost" onClick={() => set('hero_media_id', null)}>
                {t('article.removeHero')}
              </Button>
            )}
          </div>
        )}
        {fieldErrors['hero_media_id'] && <p className="field-error">{fieldErrors['hero_media_id']}</p>}
      </div>
      <LookupSelect kind="authors" label={t('article.fields.author_ids')} ids={draft.author_ids} onChange={(v) => set('author_ids', v)} disabled={readOnly} ordered />
      <LookupSelect kind="tags" label={t('article.fields.tag_ids')} ids={draft.tag_ids} onChange={(v) => set('tag_ids', v)} disabled={readOnly} />
      <LookupSelect kind="stories" label={t('article.fields.story_ids')} ids={draft.story_ids} onChange={(v) => set('story_ids', v)} disabled={readOnly} />
      <LookupSelect kind="articles" label={t('article.fields.related_ids')} ids={draft.related_ids} onChange={(v) => set('related_ids', v)} disabled={readOnly} ordered exclude={articleId} />
      <TextField label={t('article.fields.source')} hint={t('article.sourceHint')} dir="auto" value={draft.source} readOnly={readOnly} onChange={(e) => set('source', e.target.value)} error={fieldErrors['source']} />
      <TextField label={t('article.fields.slug')} hint={t('article.slugHint')} dir="auto" value={draft.slug} readOnly={readOnly} onChange={(e) => set('slug', e.target.value)} error={fieldErrors['slug']} />
      {hasRole(me.data, 'editor') && (
        <Checkbox label={t('article.fields.comments_open')} checked={draft.comments_open} disabled={readOnly} onChange={(e) => set('comments_open', e.target.checked)} />
      )}
      <MediaPicker
        open={picking}
        onClose={() => setPicking(false)}
        onPick={(asset) => {
          set('hero_media_id', asset.id);
          setPicking(false);
        }}
      />
    </div>
  );
}
