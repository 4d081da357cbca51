import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { Tabs } from '../../../components/ui/tabs';
import { toast } from '../../../components/ui/toast';
import { firstPage } from '../../../lib/cursor';
import { useFormatDate } from '../../../lib/format-date';
import type { Comment } from '../../../api/types';
import { useComments, useModerate, type ModerationAction } from '../api/use-comments';
import { BanDialog } from '../components/ban-dialog';

const statuses = ['pending', 'approved', 'rejected', 'spam'];
const shortcuts: Record<string, ModerationAction> = { a: 'approve', r: 'reject', s: 'spam' };

/**
 * ModerationQueueRoute: the comments waiting for a decision, oldest first.
 * Keyboard: j/k or the arrows move, a approves, r rejects, s marks spam,
 * x selects (then a/r/s act on every selected comment), Delete deletes.
 */
export function ModerationQueueRoute() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'pending';
  const articleId = params.get('article') || undefined;
  const list = useComments({ status, cursor: params.get('cursor') || undefined, article_id: articleId });
  const moderate = useModerate();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focus, setFocus] = useState(0);
  const [banFor, setBanFor] = useState<Comment | null>(null);
  const rows = useRef<(HTMLLIElement | null)[]>([]);
  const comments = list.data?.data ?? [];

  useEffect(() => {
    setSelected(new Set());
    setFocus(0);
  }, [status]);

  // After a decision the comment leaves the queue: keep the place in the list,
  // and give focus to the comment that took its place.
  useEffect(() => {
    const n = list.data?.data.length ?? 0;
    setFocus((f) => Math.max(0, Math.min(f, n - 1)));
    setSelected((sel) => new Set([...sel].filter((id) => list.data?.data.some((c) => c.id === id))));
  }, [list.data]);
  useEffect(() => {
    if (document.activeElement === document.body) rows.current[focus]?.focus();
  }, [focus, list.data]);

  const act = (ids: string[], action: ModerationAction) => {
    if (ids.length === 0) return;
    if (action === 'delete' && !window.confirm(t('moderation.confirmDelete', { count: ids.length }))) return;
    moderate.mutate(
      { ids, action },
      {
        onSuccess: (answer) => {
          if (answer.succeeded > 0) toast(t(`moderation.done.${action}`, { count: answer.succeeded }));
          const failed = answer.results.filter((r) => !r.ok);
          if (failed.length > 0) toast(t('moderation.someFailed', { count: failed.length, reason: failed[0]?.error?.message ?? '' }), 'error');
        },
      },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement> | globalThis.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable="true"]') || e.ctrlKey || e.metaKey || e.altKey) return;
    const current = comments[focus];
    const moveTo = (i: number) => {
      const to = Math.max(0, Math.min(comments.length - 1, i));
      setFocus(to);
      rows.current[to]?.focus();
    };
    const key = e.key.toLowerCase();
    if (key === 'j' || e.key === 'ArrowDown') moveTo(focus + 1);
    else if (key === 'k' || e.key === 'ArrowUp') moveTo(focus - 1);
    else if (key === 'x' && current) {
      setSelected((s) => {
        const n = new Set(s);
        if (n.has(current.id)) n.delete(current.id);
        else n.add(current.id);
        return n;
      });
    } else if (shortcuts[key]) {
      const action = shortcuts[key];
      act(selected.size ? [...selected] : current ? [current.id] : [], action);
    } else if (e.key === 'Delete' && current) {
      act(selected.size ? [...selected] : [current.id], 'delete');
    } else return;
    e.preventDefault();
  };

  // The shortcuts also work before anything has focus (right after the page opens).
  const handler = useRef(onKeyDown);
  handler.current = onKeyDown;
  useEffect(() => {
    const onWindowKey = (e: globalThis.KeyboardEvent) => {
      if (document.activeElement === document.body || document.activeElement === null) handler.current(e);
    };
    window.addEventListener('keydown', onWindowKey);
    return () => window.removeEventListener('keydown', onWindowKey);
  }, []);

  return (
    <div>
      <PageHeader title={t('moderation.title')} actions={<Link to="/comments/bans">{t('moderation.bans')}</Link>}>
        <p className="muted small">{t('moderation.shortcuts')}</p>
      </PageHeader>
      {articleId && (
        <p className="alert alert-info">
          {t('moderation.oneArticle')}{' '}
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => {
              const next = firstPage(params);
              next.delete('article');
              setParams(next);
            }}
          >
            {t('moderation.allArticles')}
          </button>
        </p>
      )}
      <Tabs
        label={t('moderation.statusLabel')}
        idBase="moderation"
        tabs={statuses.map((s) => ({ id: s, label: t(`moderation.status.${s}`) }))}
        selected={status}
        onSelect={(s) => {
          const next = firstPage(params);
          next.set('status', s);
          setParams(next);
        }}
      />
      <div role="tabpanel" id={`moderation-panel-${status}`} aria-labelledby={`moderation-tab-${status}`} onKeyDown={onKeyDown}>
        {selected.size > 0 && (
          <div className="bulk-bar" role="toolbar" aria-label={t('moderation.bulk', { count: selected.size })}>
            <span>{t('moderation.bulk', { count: selected.size })}</span>
            <Button small variant="primary" onClick={() => act([...selected], 'approve')}>
              {t('moderation.approve')}
            </Button>
            <Button small onClick={() => act([...selected], 'reject')}>
              {t('moderation.reject')}
            </Button>
            <Button small onClick={() => act([...selected], 'spam')}>
              {t('moderation.spam')}
            </Button>
            <Button small variant="danger" onClick={() => act([...selected], 'delete')}>
              {t('common.delete')}
            </Button>
            <Button small variant="ghost" onClick={() => setSelected(new Set())}>
              {t('moderation.clearSelection')}
            </Button>
          </div>
        )}
        {list.isPending && <Loading />}
        {list.error && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
        {moderate.error && <ErrorMessage error={moderate.error} />}
        {list.data && comments.length === 0 && <p className="muted">{t('moderation.empty')}</p>}
        <ul className="comments">
          {comments.map((c, i) => {
            const h = c.history;
            return (
              <li
                key={c.id}
                ref={(el) => {
                  rows.current[i] = el;
                }}
                className={['comment', i === focus ? 'comment-focused' : '', selected.has(c.id) ? 'comment-selected' : ''].join(' ')}
                tabIndex={i === focus ? 0 : -1}
                onFocus={() => setFocus(i)}
                aria-label={t('moderation.commentBy', { name: c.author_name })}
                data-comment-id={c.id}
              >
                <div className="comment-head">
                  <input
                    type="checkbox"
                    aria-label={t('moderation.select', { name: c.author_name })}
                    checked={selected.has(c.id)}
                    onChange={(e) =>
                      setSelected((s) => {
                        const n = new Set(s);
                        if (e.target.checked) n.add(c.id);
                        else n.delete(c.id);
                        return n;
                      })
                    }
                  />
                  <strong dir="auto">{c.author_name}</strong>
                  {c.author_email !== '' && (
                    <span className="muted small" dir="ltr">
                      {c.author_email}
                    </span>
                  )}
                  <time className="muted small" dateTime={c.created_at}>
                    {fmt(c.created_at)}
                  </time>
                  {c.likely_spam && <span className="badge badge-changes">{t('moderation.likelySpam')}</span>}
                </div>
                <p className="muted small">
                  {t('moderation.on')}{' '}
                  <Link to={`/articles/${c.article_id}`} dir="auto">
                    {c.article_headline || c.article_id}
                  </Link>
                  {c.parent_id && <span> · {t('moderation.reply')}</span>}
                </p>
                <p className="comment-body" dir="auto">
                  {c.body}
                </p>
                {c.moderated_by_name && (
                  <p className="muted small">
                    {t('moderation.decidedBy', { name: c.moderated_by_name, time: fmt(c.moderated_at) })}
                    {c.moderation_note && <q dir="auto"> {c.moderation_note}</q>}
                  </p>
                )}
                {h && (
                  <p className="muted small">
                    {t('moderation.history', { approved: h.approved ?? 0, rejected: h.rejected ?? 0, spam: h.spam ?? 0 })}
                  </p>
                )}
                <div className="button-row">
                  {c.status !== 'approved' && (
                    <Button small variant="primary" onClick={() => act([c.id], 'approve')} aria-keyshortcuts="a">
                      {t('moderation.approve')}
                    </Button>
                  )}
                  {c.status !== 'rejected' && (
                    <Button small onClick={() => act([c.id], 'reject')} aria-keyshortcuts="r">
                      {t('moderation.reject')}
                    </Button>
                  )}
                  {c.status !== 'spam' && (
                    <Button small onClick={() => act([c.id], 'spam')} aria-keyshortcuts="s">
                      {t('moderation.spam')}
                    </Button>
                  )}
                  <Button small variant="ghost" onClick={() => setBanFor(c)}>
                    {t('moderation.ban')}
                  </Button>
                  <Button small variant="danger" onClick={() => act([c.id], 'delete')} aria-keyshortcuts="Delete">
                    {t('common.delete')}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
        <Pager nextCursor={list.data?.next_cursor} />
      </div>
      {banFor && <BanDialog key={banFor.id} onClose={() => setBanFor(null)} comment={banFor} />}
    </div>
  );
}
