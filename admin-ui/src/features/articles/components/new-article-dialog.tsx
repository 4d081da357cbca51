import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../api/client';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { SelectField, TextField } from '../../../components/ui/field';
import { dirOf } from '../../../i18n/languages';
import { useCreateArticle } from '../api/use-articles';

/** NewArticleButton starts a draft: a headline, a language and a kind, then the editor. */
export function NewArticleButton() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateArticle();
  const [open, setOpen] = useState(false);
  const [headline, setHeadline] = useState('');
  const [language, setLanguage] = useState(i18n.language === 'en' ? 'en' : 'ar');
  const [kind, setKind] = useState('standard');
  const fields = create.error instanceof ApiError ? create.error.fields : {};

  const submit = () => {
    create.mutate(
      { headline: headline.trim(), language, kind },
      {
        onSuccess: (a) => {
          setOpen(false);
          navigate(`/articles/${a.id}`);
        },
      },
    );
  };

  return (
    <>
      <Button
        variant="primary"
        onClick={() => {
          create.reset();
          setHeadline('');
          setOpen(true);
        }}
      >
        {t('articles.new')}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('articles.newTitle')}
        footer={
          <>
            <Button variant="primary" busy={create.isPending} disabled={!headline.trim()} onClick={submit}>
              {t('articles.create')}
            </Button>
            <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
          </>
        }
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (headline.trim()) submit();
          }}
        >
          <TextField
            label={t('article.fields.headline')}
            dir={dirOf(language)}
            required
            autoFocus
            maxLength={300}
            value={headline}
            onChange={(e) => setHeadline(e.target.value)}
            error={fields['headline']}
          />
          <div className="field-pair">
            <SelectField label={t('article.fields.language')} value={language} onChange={(e) => setLanguage(e.target.value)}>
              <option value="ar">{t('languages.ar')}</option>
              <option value="en">{t('languages.en')}</option>
            </SelectField>
            <SelectField label={t('article.fields.kind')} value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="standard">{t('kinds.standard')}</option>
              <option value="live">{t('kinds.live')}</option>
              <option value="video">{t('kinds.video')}</option>
            </SelectField>
          </div>
          {create.error && !fields['headline'] && <ErrorMessage error={create.error} />}
        </form>
      </Dialog>
    </>
  );
}
