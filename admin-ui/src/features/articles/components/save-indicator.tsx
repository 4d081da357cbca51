import { useTranslation } from 'react-i18next';
import { useFormatDate } from '../../../lib/format-date';
import type { SaveState } from '../api/use-save-article';

/** SaveIndicator says whether the work is safe: saving, saved (when), unsaved, conflict or failed. */
export function SaveIndicator({ state, savedAt, onRetry }: { state: SaveState; savedAt: string | null; onRetry: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  return (
    <span className={`save-state save-state-${state}`} role="status" aria-live="polite" data-save-state={state}>
      {state === 'saved' && (savedAt ? t('save.savedAt', { time: fmt(savedAt, 'time') }) : t('save.saved'))}
      {state === 'dirty' && t('save.unsaved')}
      {state === 'saving' && t('save.saving')}
      {state === 'conflict' && t('save.conflict')}
      {state === 'error' && (
        <>
          {t('save.failed')}{' '}
          <button type="button" className="btn btn-ghost btn-small" onClick={onRetry}>
            {t('common.retry')}
          </button>
        </>
      )}
    </span>
  );
}
