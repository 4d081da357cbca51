import { ArticleEditRoute } from '../features/articles/routes/article-edit';
import { LiveEntriesPanel } from '../features/live/components/live-entries-panel';
import { MediaPicker } from '../features/media/components/media-picker';

/**
 * ArticleEditor composes the editor with the media picker and the live
 * entries panel of their own features: features never import each other,
 * so the app hands them in.
 */
export function ArticleEditor() {
  return <ArticleEditRoute MediaPicker={MediaPicker} LiveEntriesPanel={LiveEntriesPanel} />;
}
