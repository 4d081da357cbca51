// What the editor needs from other features, handed in by the app (features
// never import each other). Any component with these props fits.
import type { ComponentType } from 'react';
import type { MediaAsset } from '../../../api/types';

export interface MediaPickerProps {
  open: boolean;
  onClose: () => void;
  onPick: (asset: MediaAsset) => void;
}

export interface LiveEntriesPanelProps {
  articleId: string;
  /** The article's language, for the direction of the entries' text. */
  language: string;
  /** The writers assigned to the article (the editor's working copy). */
  writerIds: string[];
  /** onWritersChange assigns writers (saved with the article); absent when the article cannot be edited now. */
  onWritersChange?: ((ids: string[]) => void) | undefined;
}

export interface EditorSlots {
  MediaPicker: ComponentType<MediaPickerProps>;
  LiveEntriesPanel: ComponentType<LiveEntriesPanelProps>;
}
