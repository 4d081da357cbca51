import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../../../api/me';
import type { Block, LiveEntry } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Checkbox, TextArea, TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { dirOf } from '../../../i18n/languages';
import { useFormatDate } from '../../../lib/format-date';
import { escapeHTML, plainText } from '../../../lib/inline-markup';
import { useLiveEntries, useLiveEntryMutations } from '../api/use-live-entries';
import { LiveWriters } from './live-writers';

/** textToBlocks makes paragraphs of plain text, one per non-empty line. */
export function textToBlocks(text: string): Block[] {
  return text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => ({ type: 'paragraph', text: escapeHTML(l) }));
}

function blocksToText(blocks: Block[]): string {
  return blocks.map((b) => plainText(b.text ?? (b.items ?? []).join('\n'))).join('\n');
}

export interface LiveEntriesPanelProps {
  articleId: string;
  language: string;
  /** The writers assigned to the article. */
  writerIds: string[];
  /** onWritersChange assigns writers; absent when the article cannot be edited now. */
  onWritersChange?: ((ids: string[]) => void) | undefined;
}

/** LiveEntriesPanel posts, edits, pins and deletes the entries of a live article; editors assign its writers. */
export function LiveEntriesPanel({ articleId, language, writerIds, onWritersChange }: LiveEntriesPanelProps) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const me = useMe();
  const entries = useLiveEntries(articleId);
  const { add, update, remove } = useLiveEntryMutations(articleId);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [pinned, setPinned] = useState(false);
  const [editing, setEditing] = useState<LiveEntry | null>(null);
  const mayPin = hasRole(me.data, 'editor');
  const dir = dirOf(language);

  const submit = () => {
    const body = textToBlocks(text);
    if (body.length === 0) return;
    const input = { title: title.trim(), body, ...(mayPin ? { pinned } : {}) };
    const done = () => {
      setTitle('');
      setText('');
      setPinned(false);
      setEditing(null);
    };
    if (editing) update.mutate({ entry: editing, input }, { onSuccess: done });
    else add.mutate(input, { onSuccess: done });
  };

  const error = add.error ?? update.error ?? remove.error;

  return (
    <div className="live">
      {/* Editors assign writers (and only they may list them); writers just post. */}
      {mayPin && <LiveWriters ids={writerIds} onChange={onWritersChange} />}
      <form
        className="live-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2>{editing ? t('live.editTitle') : t('live.newTitle')}</h2>
        <TextField label={t('live.title')} dir={dir} value={title} onChange={(e) => setTitle(e.target.value)} />
        <TextArea label={t('live.text')} hint={t('live.textHint')} dir={dir} rows={4} required value={text} onChange={(e) => setText(e.target.value)} />
        {mayPin && <Checkbox label={t('live.pinned')} checked={pinned} onChange={(e) => setPinned(e.target.checked)} />}
        {error && <ErrorMessage error={error} />}
        <div className="button-row">
          <Button type="submit" variant="primary" busy={add.isPending || update.isPending} disabled={!text.trim()}>
            {editing ? t('common.save') : t('live.post')}
          </Button>
          {editing && (
            <Button
              onClick={() => {
                setEditing(null);
                setTitle('');
                setText('');
              }}
            >
              {t('common.cancel')}
            </Button>
          )}
        </div>
      </form>
      {entries.isPending && <Loading />}
      {entries.error && <ErrorMessage error={entries.error} />}
      <ol className="live-entries">
        {entries.data?.data.map((e) => (
          <li key={e.id} className={e.pinned ? 'live-entry live-entry-pinned' : 'live-entry'}>
            <p className="muted small">
              <time dateTime={e.created_at}>{fmt(e.created_at)}</time> · <span dir="auto">{e.author_name}</span>
              {e.pinned && <span className="badge badge-live"> {t('live.pinned')}</span>}
            </p>
            {e.title && <h3 dir={dir}>{e.title}</h3>}
            {e.body.map((b, i) => (
              <p key={i} dir={dir}>
                {plainText(b.text ?? (b.items ?? []).join(' '))}
              </p>
            ))}
            <div className="button-row">
              <Button
                small
                onClick={() => {
                  setEditing(e);
                  setTitle(e.title);
                  setText(blocksToText(e.body));
                  setPinned(e.pinned);
                }}
              >
                {t('common.edit')}
              </Button>
              {mayPin && (
                <Button small onClick={() => update.mutate({ entry: e, input: { pinned: !e.pinned } })}>
                  {e.pinned ? t('live.unpin') : t('live.pin')}
                </Button>
              )}
              <Button
                small
                variant="danger"
                onClick={() => {
                  if (window.confirm(t('live.confirmDelete'))) remove.mutate(e);
                }}
              >
                {t('common.delete')}
              </Button>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
