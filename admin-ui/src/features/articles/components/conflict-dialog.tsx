import { useTranslation } from 'react-i18next';
import type { Article } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { dirOf } from '../../../i18n/languages';
import { useFormatDate } from '../../../lib/format-date';
import { bodyText, draftDifferences, draftFromArticle, type Draft } from './block-conversion';

export interface ConflictDialogProps {
  mine: Draft;
  theirs: Article;
  busy: boolean;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}

function show(d: Draft, field: keyof Draft): string {
  const v = d[field];
  if (field === 'body') return bodyText(d.body);
  if (Array.isArray(v)) return v.join(', ');
  if (v === null || v === undefined) return '—';
  return String(v);
}

/**
 * ConflictDialog appears when a save was refused because someone else saved
 * first (412): both versions side by side, field by field, and the choice.
 */
export function ConflictDialog({ mine, theirs, busy, onKeepMine, onTakeTheirs }: ConflictDialogProps) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const other = draftFromArticle(theirs);
  const fields = draftDifferences(mine, other);
  const dir = dirOf(mine.language);
  return (
    <Dialog
      open
      wide
      onClose={() => undefined}
      title={t('conflict.title')}
      footer={
        <>
          <Button variant="primary" onClick={onKeepMine} busy={busy}>
            {t('conflict.keepMine')}
          </Button>
          <Button onClick={onTakeTheirs} disabled={busy}>
            {t('conflict.takeTheirs')}
          </Button>
        </>
      }
    >
      <p>{t('conflict.explain', { time: fmt(theirs.updated_at), version: theirs.version })}</p>
      {fields.length === 0 ? (
        <p className="muted">{t('conflict.noDifference')}</p>
      ) : (
        <table className="conflict-table">
          <thead>
            <tr>
              <th scope="col">{t('conflict.field')}</th>
              <th scope="col">{t('conflict.mine')}</th>
              <th scope="col">{t('conflict.theirs')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f}>
                <th scope="row">{t(`article.fields.${f}`)}</th>
                <td dir={dir} className="conflict-value" data-testid={`mine-${f}`}>
                  {show(mine, f)}
                </td>
                <td dir={dir} className="conflict-value" data-testid={`theirs-${f}`}>
                  {show(other, f)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
