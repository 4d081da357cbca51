import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { hasRole, useMe } from '../../../api/me';
import type { Article } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { ErrorMessage } from '../../../components/ui/error-message';
import { TextArea, TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { Tabs } from '../../../components/ui/tabs';
import { dirOf } from '../../../i18n/languages';
import { useArticle } from '../api/use-articles';
import { useHistory } from '../api/use-revisions';
import { useArticleEditor } from '../api/use-save-article';
import { BlockEditor } from '../components/block-editor';
import { ConflictDialog } from '../components/conflict-dialog';
import { DeleteArticleDialog } from '../components/delete-article-dialog';
import { HistoryPanel } from '../components/history-panel';
import { MetadataPanel } from '../components/metadata-panel';
import { PreviewButton } from '../components/preview-button';
import { SaveIndicator } from '../components/save-indicator';
import type { EditorSlots } from '../components/slots';
import { StatusBadge } from '../components/status-badge';
import { WorkflowActions } from '../components/workflow-actions';

/** ArticleEditRoute loads an article and opens the editor on it. */
export function ArticleEditRoute(slots: EditorSlots) {
  const { id = '' } = useParams();
  const article = useArticle(id);
  if (article.isPending) return <Loading />;
  if (article.error) return <ErrorMessage error={article.error} onRetry={() => void article.refetch()} />;
  return <Editor key={article.data.id} initial={article.data} slots={slots} />;
}

function Editor({ initial, slots }: { initial: Article; slots: EditorSlots }) {
  const { t } = useTranslation();
  const ed = useArticleEditor(initial);
  const { draft, server, update } = ed;
  const [tab, setTab] = useState('content');
  const [resolving, setResolving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const me = useMe();
  const readOnly = !server.allowed_actions.includes('edit');
  // Preview links are journalists' business; the API refuses anyone else's, and a writer's for others' articles.
  const mayPreview = hasRole(me.data, 'writer', 'editor');
  const dir = dirOf(draft.language);
  const fieldErrors = ed.error instanceof ApiError ? ed.error.fields : {};
  const bodyErrors = Object.entries(fieldErrors).filter(([k]) => k.startsWith('body'));
  const set = (k: 'headline' | 'subheadline' | 'summary', v: string) => update((d) => ({ ...d, [k]: v }));

  const tabs = [
    { id: 'content', label: t('editor.tabs.content') },
    { id: 'history', label: t('editor.tabs.history') },
    ...(server.kind === 'live' ? [{ id: 'live', label: t('editor.tabs.live') }] : []),
  ];
  const { LiveEntriesPanel, MediaPicker } = slots;

  return (
    <article className="editor" aria-labelledby="editor-title">
      <header className="editor-header">
        <div className="editor-title-row">
          <Link to="/articles" className="back-link">
            {t('editor.back')}
          </Link>
          <h1 id="editor-title" dir={dir}>
            {draft.headline || t('editor.untitled')}
          </h1>
        </div>
        <div className="editor-status-row">
          <StatusBadge article={server} />
          <SaveIndicator state={ed.state} savedAt={ed.savedAt} onRetry={() => void ed.flush()} />
          <span className="spacer" />
          {mayPreview && <PreviewButton articleId={server.id} before={ed.flush} />}
          {server.allowed_actions.includes('delete') && (
            <Button variant="danger" onClick={() => setDeleting(true)}>
              {t('articles.deleteDraft')}
            </Button>
          )}
        </div>
        <WorkflowActions article={server} before={ed.ready} done={ed.adopt} />
      </header>

      {server.changes_requested && <ChangesRequested articleId={server.id} />}
      {readOnly && (
        <p className="alert alert-info" role="note">
          {t(`editor.readOnly.${server.status}`, { defaultValue: t('editor.readOnly.other') })}
        </p>
      )}
      {ed.state === 'error' && ed.error != null && <ErrorMessage error={ed.error} onRetry={() => void ed.flush()} />}

      <Tabs tabs={tabs} selected={tab} onSelect={setTab} label={t('editor.tabs.label')} idBase="editor" />

      {tab === 'content' && (
        <div className="editor-columns" role="tabpanel" id="editor-panel-content" aria-labelledby="editor-tab-content">
          <div className="editor-main">
            <TextField
              label={t('article.fields.headline')}
              dir={dir}
              className="headline-input"
              value={draft.headline}
              readOnly={readOnly}
              required
              maxLength={300}
              onChange={(e) => set('headline', e.target.value)}
              error={fieldErrors['headline']}
            />
            <TextField label={t('article.fields.subheadline')} dir={dir} value={draft.subheadline} readOnly={readOnly} maxLength={500} onChange={(e) => set('subheadline', e.target.value)} error={fieldErrors['subheadline']} />
            <TextArea label={t('article.fields.summary')} dir={dir} rows={3} value={draft.summary} readOnly={readOnly} maxLength={2000} onChange={(e) => set('summary', e.target.value)} error={fieldErrors['summary']} />
            <section className="body-section" aria-labelledby="body-title">
              <h2 id="body-title" className="section-title">
                {t('article.fields.body')}
              </h2>
              {bodyErrors.length > 0 && (
                <ul className="field-error" role="alert">
                  {bodyErrors.map(([k, v]) => (
                    <li key={k}>
                      {k}: {v}
                    </li>
                  ))}
                </ul>
              )}
              <BlockEditor blocks={draft.body} onChange={(body) => update((d) => ({ ...d, body }))} dir={dir} readOnly={readOnly} MediaPicker={MediaPicker} />
            </section>
          </div>
          <aside className="editor-aside" aria-label={t('editor.metadata')}>
            <MetadataPanel articleId={server.id} draft={draft} update={update} readOnly={readOnly} fieldErrors={fieldErrors} MediaPicker={MediaPicker} />
          </aside>
        </div>
      )}
      {tab === 'history' && (
        <div role="tabpanel" id="editor-panel-history" aria-labelledby="editor-tab-history">
          <HistoryPanel article={server} before={ed.ready} restored={ed.reset} />
        </div>
      )}
      {tab === 'live' && (
        <div role="tabpanel" id="editor-panel-live" aria-labelledby="editor-tab-live">
          <LiveEntriesPanel
            articleId={server.id}
            language={server.language}
            writerIds={draft.live_writer_ids}
            onWritersChange={readOnly ? undefined : (ids) => update((d) => ({ ...d, live_writer_ids: ids }))}
          />
        </div>
      )}

      <DeleteArticleDialog article={deleting ? server : null} onClose={() => setDeleting(false)} before={ed.ready} deleted={() => navigate('/articles', { replace: true })} />

      {ed.theirs && (
        <ConflictDialog
          mine={draft}
          theirs={ed.theirs}
          busy={resolving}
          onKeepMine={() => {
            setResolving(true);
            void ed.keepMine().finally(() => setResolving(false));
          }}
          onTakeTheirs={ed.takeTheirs}
        />
      )}
    </article>
  );
}

/** ChangesRequested shows the editor's note from the latest request for changes. */
function ChangesRequested({ articleId }: { articleId: string }) {
  const { t } = useTranslation();
  const history = useHistory(articleId);
  const last = [...(history.data ?? [])].reverse().find((e) => e.action === 'request_changes');
  return (
    <div className="alert alert-warning" role="note">
      <p className="alert-title">{t('editor.changesRequested')}</p>
      {last?.note && (
        <blockquote className="note" dir="auto">
          {last.note}
          <footer className="muted small" dir="auto">
            — {last.actor_name}
          </footer>
        </blockquote>
      )}
    </div>
  );
}
