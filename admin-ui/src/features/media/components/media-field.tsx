import { useId, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { absoluteUrl } from '../../../api/admin-api';
import { Button } from '../../../components/ui/button';
import { useMediaAsset } from '../api/use-media';
import { MediaPicker } from './media-picker';

export interface MediaFieldProps {
  label: string;
  /** The chosen asset's id, or null for none. */
  value: string | null;
  onChange: (id: string | null) => void;
  disabled?: boolean | undefined;
  error?: string | undefined;
}

/**
 * MediaField is one image of an object (a story's cover, an author's
 * avatar): a thumbnail of the chosen image, a button that opens the picker
 * (search, thumbnails, upload; keyboard throughout) and one that clears it.
 */
export function MediaField({ label, value, onChange, disabled, error }: MediaFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const [picking, setPicking] = useState(false);
  const asset = useMediaAsset(value);
  const small = asset.data?.renditions.find((r) => r.name === 'w320') ?? asset.data?.renditions[0];
  return (
    <div className="field media-field" role="group" aria-labelledby={`${id}-label`}>
      <span className="field-label" id={`${id}-label`}>
        {label}
      </span>
      {!value && <p className="muted">{t('media.noImage')}</p>}
      {value && asset.isPending && <div className="thumb thumb-empty" aria-busy="true" />}
      {value && asset.isError && <div className="thumb thumb-empty">{t('media.missing')}</div>}
      {value && asset.data && (
        <figure className="thumb">
          <img src={absoluteUrl(small?.url ?? asset.data.url)} alt={asset.data.alt_text} loading="lazy" />
          <figcaption dir="auto">
            {asset.data.caption || <span className="muted">{asset.data.filename}</span>}
            {asset.data.credit && <span className="muted"> — {asset.data.credit}</span>}
          </figcaption>
        </figure>
      )}
      {!disabled && (
        <div className="button-row">
          <Button small onClick={() => setPicking(true)} aria-label={`${value ? t('media.changeImage') : t('media.chooseImage')}: ${label}`}>
            {value ? t('media.changeImage') : t('media.chooseImage')}
          </Button>
          {value && (
            <Button small variant="ghost" onClick={() => onChange(null)} aria-label={`${t('media.removeImage')}: ${label}`}>
              {t('media.removeImage')}
            </Button>
          )}
        </div>
      )}
      {error && <p className="field-error">{error}</p>}
      {/* In document.body: the field often sits in a form (and a dialog), and the picker's search must not submit it. */}
      {createPortal(
        <MediaPicker
          open={picking}
          onClose={() => setPicking(false)}
          onPick={(a) => {
            onChange(a.id);
            setPicking(false);
          }}
        />,
        document.body,
      )}
    </div>
  );
}
