import { useTranslation } from 'react-i18next';
import { absoluteUrl } from '../../../api/admin-api';
import { useMediaAsset } from '../api/use-lookups';

/** MediaThumb shows a small rendition of a media asset with its caption and credit. */
export function MediaThumb({ id }: { id: string }) {
  const { t } = useTranslation();
  const asset = useMediaAsset(id);
  if (asset.isPending) return <div className="thumb thumb-empty" aria-busy="true" />;
  if (!asset.data) return <div className="thumb thumb-empty">{t('media.missing')}</div>;
  const small = asset.data.renditions.find((r) => r.name === 'w320') ?? asset.data.renditions[0];
  return (
    <figure className="thumb">
      <img src={absoluteUrl(small?.url ?? asset.data.url)} alt={asset.data.alt_text} loading="lazy" />
      <figcaption dir="auto">
        {asset.data.caption}
        {asset.data.credit && <span className="muted"> — {asset.data.credit}</span>}
      </figcaption>
    </figure>
  );
}
