import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { absoluteUrl } from '../../../api/admin-api';
import { ApiError } from '../../../api/client';
import { hasRole, useMe } from '../../../api/me';
import type { MediaAsset } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { ErrorMessage } from '../../../components/ui/error-message';
import { TextField } from '../../../components/ui/field';
import { toast } from '../../../components/ui/toast';
import { useFormatDate } from '../../../lib/format-date';
import { useDeleteMedia, useUpdateMedia } from '../api/use-media';

const textFields = ['caption', 'credit', 'alt_text', 'source', 'usage_terms'] as const;

/** MediaDetails shows one asset and edits its caption, credit, alt text, source and rights. */
export function MediaDetails({ asset, onSaved, onDeleted }: { asset: MediaAsset; onSaved: (a: MediaAsset) => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const me = useMe();
  const update = useUpdateMedia();
  const del = useDeleteMedia();
  // Writers edit the images they uploaded, editors any (docs/permissions.md); the API checks again.
  const canEdit = hasRole(me.data, 'editor') || asset.uploaded_by === me.data?.id;
  const canDelete = hasRole(me.data, 'editor');
  const [form, setForm] = useState(() => ({
    caption: asset.caption,
    credit: asset.credit,
    alt_text: asset.alt_text,
    source: asset.source,
    usage_terms: asset.usage_terms,
    rights_expire_at: asset.rights_expire_at ? asset.rights_expire_at.slice(0, 10) : '',
  }));
  const fields = update.error instanceof ApiError ? update.error.fields : {};
  const users = del.error instanceof ApiError && Array.isArray(del.error.details['users']) ? (del.error.details['users'] as { kind: string; id: string; title: string }[]) : [];

  const save = () => {
    const patch: Record<string, string | null> = {};
    for (const f of textFields) if (form[f] !== asset[f]) patch[f] = form[f];
    const expiry = form.rights_expire_at ? new Date(`${form.rights_expire_at}T23:59:59Z`).toISOString() : null;
    if ((asset.rights_expire_at ?? null)?.slice(0, 10) !== (expiry ?? null)?.slice(0, 10)) patch['rights_expire_at'] = expiry;
    update.mutate(
      { asset, patch },
      {
        onSuccess: (a) => {
          toast(t('media.saved'));
          onSaved(a);
        },
      },
    );
  };

  return (
    <div className="media-details">
      <img src={absoluteUrl(asset.renditions.find((r) => r.name === 'w640')?.url ?? asset.url)} alt={asset.alt_text} />
      <p className="muted small" dir="ltr">
        {asset.filename} · {asset.width}×{asset.height} · {Math.round(asset.bytes / 1024)} KB · {asset.content_type}
      </p>
      <p className="muted small">{t('media.uploadedAt', { time: fmt(asset.created_at) })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {textFields.map((f) => (
          <TextField key={f} label={t(`media.fields.${f}`)} dir="auto" value={form[f]} readOnly={!canEdit} onChange={(e) => setForm({ ...form, [f]: e.target.value })} error={fields[f]} />
        ))}
        <TextField label={t('media.fields.rights_expire_at')} type="date" value={form.rights_expire_at} readOnly={!canEdit} onChange={(e) => setForm({ ...form, rights_expire_at: e.target.value })} error={fields['rights_expire_at']} />
        {update.error && !Object.keys(fields).length && <ErrorMessage error={update.error} />}
        <div className="button-row">
          {canEdit && (
            <Button type="submit" variant="primary" busy={update.isPending}>
              {t('common.save')}
            </Button>
          )}
          {canDelete && (
            <Button
              variant="danger"
              busy={del.isPending}
              onClick={() => {
                if (window.confirm(t('media.confirmDelete'))) del.mutate(asset, { onSuccess: onDeleted });
              }}
            >
              {t('common.delete')}
            </Button>
          )}
        </div>
      </form>
      {del.error && <ErrorMessage error={del.error} />}
      {users.length > 0 && (
        <ul>
          {users.map((u) => (
            <li key={`${u.kind}-${u.id}`} dir="auto">
              {t(`media.usedBy.${u.kind}`, { defaultValue: u.kind })}: {u.title}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
