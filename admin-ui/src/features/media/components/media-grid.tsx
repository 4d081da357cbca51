import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { absoluteUrl } from '../../../api/admin-api';
import type { MediaAsset } from '../../../api/types';
import { gridKeyTarget } from '../../../lib/grid-keys';
import { documentDir } from '../../../lib/visual-arrow-key';

/** moveFocus lets the arrow keys, Home and End move between the thumbnails as they are laid out. */
function moveFocus(e: KeyboardEvent<HTMLUListElement>) {
  const buttons = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('.media-card-button'));
  const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (index < 0) return;
  const top = buttons[0]!.getBoundingClientRect().top;
  const columns = buttons.filter((b) => Math.abs(b.getBoundingClientRect().top - top) < 2).length;
  const target = gridKeyTarget(e.key, index, buttons.length, columns, documentDir());
  if (target === undefined) return;
  e.preventDefault();
  buttons[target]!.focus();
}

/** MediaGrid shows assets as thumbnails; choosing one calls onSelect. Arrow keys move between them. */
export function MediaGrid({ assets, selectedId, onSelect, selectLabel }: { assets: MediaAsset[]; selectedId?: string | undefined; onSelect: (a: MediaAsset) => void; selectLabel: string }) {
  const { t } = useTranslation();
  if (assets.length === 0) return <p className="muted">{t('media.none')}</p>;
  return (
    <ul className="media-grid" onKeyDown={moveFocus}>
      {assets.map((a) => {
        const thumb = a.renditions.find((r) => r.name === 'w320') ?? a.renditions[0];
        return (
          <li key={a.id} className={a.id === selectedId ? 'media-card media-card-selected' : 'media-card'}>
            <button type="button" className="media-card-button" onClick={() => onSelect(a)} aria-pressed={a.id === selectedId} aria-label={`${selectLabel}: ${a.caption || a.alt_text || a.filename}`}>
              <img src={absoluteUrl(thumb?.url ?? a.url)} alt={a.alt_text} loading="lazy" width={160} height={Math.round((160 * a.height) / Math.max(1, a.width))} />
            </button>
            <p className="media-caption" dir="auto">
              {a.caption || <span className="muted">{a.filename}</span>}
            </p>
            {a.credit && (
              <p className="muted small" dir="auto">
                {a.credit}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
