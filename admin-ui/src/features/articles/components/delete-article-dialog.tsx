import { useTranslation } from 'react-i18next';
import type { Article } from '../../../api/types';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { toast } from '../../../components/ui/toast';
import { dirOf } from '../../../i18n/languages';
import { useDeleteArticle } from '../api/use-articles';

export interface DeleteArticleDialogProps {
  /** The draft to delete; null: the dialog is closed. */
  article: Pick<Article, 'id' | 'headline' | 'language' | 'version'> | null;
  onClose: () => void;
  /** before, when given, saves pending changes and answers the version to delete (null stops). */
  before?: () => Promise<number | null>;
  deleted?: () => void;
}

/**
 * DeleteArticleDialog asks before deleting a draft for good. The API lets
 * only drafts that were never live go (it lists "delete" in allowed_actions
 * then); a 409 or 412 is shown in the dialog.
 */
export function DeleteArticleDialog({ article, onClose, before, deleted }: DeleteArticleDialogProps) {
  const { t } = useTranslation();
  const remove = useDeleteArticle();
  const confirm = async () => {
    if (!article) return;
    const version = before ? await before() : article.version;
    if (version === null) return;
    try {
      await remove.mutateAsync({ id: article.id, version });
      toast(t('articles.deleted'));
      onClose();
      deleted?.();
    } catch {
      // shown in the dialog from remove.error
    }
  };
  return (
    <Dialog
      open={article !== null}
      onClose={() => {
        remove.reset();
        onClose();
      }}
      title={t('articles.deleteTitle')}
      footer={
        <>
          <Button variant="danger" busy={remove.isPending} onClick={() => void confirm()}>
            {t('articles.deleteConfirm')}
          </Button>
          <Button
            onClick={() => {
              remove.reset();
              onClose();
            }}
            disabled={remove.isPending}
          >
            {t('common.cancel')}
          </Button>
        </>
      }
    >
      {article && (
        <p>
          {t('articles.deleteBody')} <strong dir={dirOf(article.language)}>{article.headline || t('editor.untitled')}</strong>
        </p>
      )}
      {remove.error != null && <ErrorMessage error={remove.error} />}
    </Dialog>
  );
}
