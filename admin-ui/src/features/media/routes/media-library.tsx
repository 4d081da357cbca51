import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { MediaAsset } from '../../../api/types';
import { ErrorMessage } from '../../../components/ui/error-message';
import { TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { PageHeader } from '../../../components/ui/page-header';
import { Pager } from '../../../components/ui/pager';
import { firstPage } from '../../../lib/cursor';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useMediaList } from '../api/use-media';
import { MediaDetails } from '../components/media-details';
import { MediaGrid } from '../components/media-grid';
import { UploadZone } from '../components/upload-zone';

/** MediaLibraryRoute: upload by drag and drop, browse and search, edit captions and credits. */
export function MediaLibraryRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const debounced = useDebouncedValue(q, 350);
  const [selected, setSelected] = useState<MediaAsset | null>(null);
  const list = useMediaList({ q: params.get('q') || undefined, cursor: params.get('cursor') || undefined, limit: 30 });

  useEffect(() => {
    if (debounced !== (params.get('q') ?? '')) {
      const next = firstPage(params);
      if (debounced.trim()) next.set('q', debounced.trim());
      else next.delete('q');
      setParams(next);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  return (
    <div>
      <PageHeader title={t('media.title')} />
      <UploadZone onUploaded={setSelected} />
      <div className="media-layout">
        <section aria-label={t('media.library')}>
          <TextField label={t('media.search')} type="search" dir="auto" value={q} onChange={(e) => setQ(e.target.value)} />
          {list.isPending && <Loading />}
          {list.error && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
          {list.data && <MediaGrid assets={list.data.data} selectedId={selected?.id} onSelect={setSelected} selectLabel={t('media.edit')} />}
          <Pager nextCursor={list.data?.next_cursor} />
        </section>
        {selected && (
          <aside className="media-aside" aria-label={t('media.details')}>
            <MediaDetails key={`${selected.id}-${selected.version}`} asset={selected} onSaved={setSelected} onDeleted={() => setSelected(null)} />
          </aside>
        )}
      </div>
    </div>
  );
}
