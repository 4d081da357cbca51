// The editor's working state and its autosave: changes are saved a moment
// after the typing stops, with PATCH and If-Match of the version they are
// based on. A 412 means someone else saved in between: autosave stops and
// the editor shows both versions until the user keeps theirs or takes the
// other (see ConflictDialog).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../../api/admin-api';
import { ApiError } from '../../../api/client';
import { keys } from '../../../api/query-keys';
import type { Article } from '../../../api/types';
import { changedFields, draftFromArticle, isEmptyInput, type Draft } from '../components/block-conversion';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

/** AUTOSAVE_DELAY is how long after the last change a save starts. */
export const AUTOSAVE_DELAY = 1200;

export interface ArticleEditor {
  draft: Draft;
  /** The latest copy from the server: status, version, allowed actions. */
  server: Article;
  state: SaveState;
  error: unknown;
  savedAt: string | null;
  /** The other version, while a conflict is open. */
  theirs: Article | null;
  update: (change: (d: Draft) => Draft) => void;
  /** flush saves pending changes now; false when the save failed or a conflict is open. */
  flush: () => Promise<boolean>;
  /**
   * ready saves pending changes and returns the version the next write must
   * send in If-Match, or null when the changes could not be saved.
   */
  ready: () => Promise<number | null>;
  /** adopt takes a server answer that changed no content (a workflow action). */
  adopt: (a: Article) => void;
  /** reset replaces the working state with a server copy (a restored revision). */
  reset: (a: Article) => void;
  keepMine: () => Promise<boolean>;
  takeTheirs: () => void;
}

export function useArticleEditor(initial: Article): ArticleEditor {
  const qc = useQueryClient();
  const id = initial.id;
  const path = `/articles/${encodeURIComponent(id)}`;
  const [draft, setDraft] = useState<Draft>(() => draftFromArticle(initial));
  const [server, setServer] = useState<Article>(initial);
  const [state, setStateValue] = useState<SaveState>('saved');
  const [error, setError] = useState<unknown>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<Article | null>(null);

  const draftRef = useRef(draft);
  /** The last content the server has, and its version: what a save is based on. */
  const baseRef = useRef({ version: initial.version, draft: draft });
  const stateRef = useRef<SaveState>('saved');
  const inflight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const setState = (s: SaveState) => {
    stateRef.current = s;
    setStateValue(s);
  };

  const publishServer = useCallback(
    (a: Article) => {
      setServer(a);
      qc.setQueryData(keys.articles.detail(id), a);
      void qc.invalidateQueries({ queryKey: keys.articles.lists() });
      void qc.invalidateQueries({ queryKey: keys.articles.sub(id, 'history') });
      void qc.invalidateQueries({ queryKey: keys.articles.sub(id, 'revisions') });
    },
    [qc, id],
  );

  const save = useCallback(async (): Promise<boolean> => {
    if (inflight.current) await inflight.current;
    if (stateRef.current === 'conflict') return false;
    const snapshot = draftRef.current;
    const input = changedFields(baseRef.current.draft, snapshot);
    if (isEmptyInput(input)) {
      setState('saved');
      return true;
    }
    setState('saving');
    const run = (async () => {
      try {
        const res = await api.patch<Article>(path, input, baseRef.current.version);
        baseRef.current = { version: res.version, draft: snapshot };
        publishServer(res);
        setSavedAt(res.updated_at);
        setError(null);
        const more = draftRef.current !== snapshot;
        setState(more ? 'dirty' : 'saved');
        if (more) schedule();
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 412) {
          setState('conflict');
          try {
            setTheirs(await api.get<Article>(path));
          } catch (e) {
            // Without their version there is nothing to compare: a retry saves (and conflicts) again.
            setError(e);
            setState('error');
          }
        } else {
          setError(err);
          setState('error');
        }
        return false;
      } finally {
        inflight.current = null;
      }
    })();
    inflight.current = run;
    return run;
    // schedule is stable (declared below with useCallback and no changing deps).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, publishServer]);

  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), AUTOSAVE_DELAY);
  }, [save]);

  const update = useCallback(
    (change: (d: Draft) => Draft) => {
      const next = change(draftRef.current);
      draftRef.current = next;
      setDraft(next);
      if (stateRef.current === 'conflict') return;
      setState('dirty');
      schedule();
    },
    [schedule],
  );

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    if (stateRef.current === 'conflict') return false;
    if (stateRef.current === 'saved' && !inflight.current) return true;
    return save();
  }, [save]);

  const ready = useCallback(async () => ((await flush()) ? baseRef.current.version : null), [flush]);

  const adopt = useCallback(
    (a: Article) => {
      baseRef.current = { ...baseRef.current, version: a.version };
      publishServer(a);
    },
    [publishServer],
  );

  const reset = useCallback(
    (a: Article) => {
      clearTimeout(timer.current);
      const d = draftFromArticle(a);
      draftRef.current = d;
      setDraft(d);
      baseRef.current = { version: a.version, draft: d };
      setTheirs(null);
      setError(null);
      setState('saved');
      publishServer(a);
    },
    [publishServer],
  );

  const keepMine = useCallback(async () => {
    if (!theirs) return false;
    // Base the save on their version: the fields where mine differs are written over theirs.
    baseRef.current = { version: theirs.version, draft: draftFromArticle(theirs) };
    setTheirs(null);
    setState('dirty');
    return save();
  }, [theirs, save]);

  const takeTheirs = useCallback(() => {
    if (theirs) reset(theirs);
  }, [theirs, reset]);

  // Leaving the editor saves what is pending; closing the tab with unsaved changes asks first.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (stateRef.current === 'dirty' || stateRef.current === 'saving' || stateRef.current === 'conflict') {
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      if (timer.current !== undefined && stateRef.current === 'dirty') {
        clearTimeout(timer.current);
        void save();
      }
    };
  }, [save]);

  return { draft, server, state, error, savedAt, theirs, update, flush, ready, adopt, reset, keepMine, takeTheirs };
}
