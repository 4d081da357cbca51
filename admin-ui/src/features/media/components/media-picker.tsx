import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaAsset } from '../../../api/types';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { TextField } from '../../../components/ui/field';
import { Loading } from '../../../components/ui/loading';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useMediaList } from '../api/use-media';
import { MediaGrid } from './media-grid';
import { UploadZone } from './upload-zone';

export interface MediaPickerProps {
  open: boolean;
  onClose: () => void;
  onPick: (asset: MediaAsset) => void;
}

/** MediaPicker chooses an image from the library, or uploads one and chooses it. */
export function MediaPicker({ open, onClose, onPick }: MediaPickerProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  return (
    <Dialog open={open} onClose={onClose} title={t('media.pickTitle')} wide footer={<button type="button" className="btn btn-secondary" onClick={onClose}>{t('common.cancel')}</button>}>
      {open && <PickerBody q={q} setQ={setQ} query={query} cursor={cursor} setCursor={setCursor} onPick={onPick} />}
    </Dialog>
  );
}

function PickerBody({ q, setQ, query, cursor, setCursor, onPick }: { q: string; setQ: (v: string) => void; query: string; cursor: string | undefined; setCursor: (c: string | undefined) => void; onPick: (a: MediaAsset) => void }) {
  const { t } = useTranslation();
  const list = useMediaList({ q: query || undefined, cursor, limit: 24 });
  return (
    <div className="picker">
      <TextField label={t('media.search')} hint={t('media.pickHint')} type="search" dir="auto" autoFocus value={q} onChange={(e) => { setQ(e.target.value); setCursor(undefined); }} />
      <details className="picker-upload">
        <summary>{t('media.uploadNew')}</summary>
        <UploadZone onUploaded={onPick} />
      </details>
      {list.isPending && <Loading />}
      {list.error && <ErrorMessage error={list.error} />}
      {list.data && <MediaGrid assets={list.data.data} onSelect={onPick} selectLabel={t('media.choose')} />}
      <div className="pager">
        {cursor && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setCursor(undefined)}>
            {t('common.firstPage')}
          </button>
        )}
        {list.data?.next_cursor && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setCursor(list.data?.next_cursor ?? undefined)}>
            {t('common.nextPage')}
          </button>
        )}
      </div>
    </div>
  );
}
