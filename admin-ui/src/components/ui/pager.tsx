import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { hasPrevPage, nextPage, prevPage } from '../../lib/cursor';

/** Pager moves through a cursor-paged list whose cursor lives in the URL. */
export function Pager({ nextCursor }: { nextCursor: string | null | undefined }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const hasPrev = hasPrevPage(params);
  if (!hasPrev && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={t('common.pages')}>
      <button type="button" className="btn btn-secondary btn-small" disabled={!hasPrev} onClick={() => setParams(prevPage(params))}>
        {t('common.previousPage')}
      </button>
      <button
        type="button"
        className="btn btn-secondary btn-small"
        disabled={!nextCursor}
        onClick={() => nextCursor && setParams(nextPage(params, nextCursor))}
      >
        {t('common.nextPage')}
      </button>
    </nav>
  );
}
