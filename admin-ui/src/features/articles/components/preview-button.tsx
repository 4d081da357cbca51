import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { absoluteUrl } from '../../../api/admin-api';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { TextField } from '../../../components/ui/field';
import { useFormatDate } from '../../../lib/format-date';
import { useCreatePreviewLink } from '../api/use-revisions';

/** PreviewButton makes a secret, expiring link to the working copy as readers would see it. */
export function PreviewButton({ articleId, before }: { articleId: string; before: () => Promise<boolean> }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const create = useCreatePreviewLink(articleId);
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const url = create.data ? absoluteUrl(create.data.url) : '';
  const fullUrl = url.startsWith('/') ? `${window.location.origin}${url}` : url;

  const start = async () => {
    setCopied(false);
    create.reset();
    setOpen(true);
    if (await before()) create.mutate(24);
  };

  return (
    <>
      <Button onClick={() => void start()}>{t('preview.button')}</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t('preview.title')} footer={<Button onClick={() => setOpen(false)}>{t('common.close')}</Button>}>
        {create.isPending && <p role="status">{t('preview.creating')}</p>}
        {create.error && <ErrorMessage error={create.error} />}
        {create.data && (
          <>
            <p>{t('preview.explain', { time: fmt(create.data.expires_at) })}</p>
            <TextField label={t('preview.link')} readOnly dir="ltr" value={fullUrl} onFocus={(e) => e.target.select()} />
            <div className="button-row">
              <a className="btn btn-primary" href={fullUrl} target="_blank" rel="noopener noreferrer">
                {t('preview.open')}
              </a>
              <Button
                onClick={() => {
                  void navigator.clipboard?.writeText(fullUrl).then(() => setCopied(true), () => setCopied(false));
                }}
              >
                {copied ? t('preview.copied') : t('preview.copy')}
              </Button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}
