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
}

export interface EditorSlots {
  MediaPicker: ComponentType<MediaPickerProps>;
  LiveEntriesPanel: ComponentType<LiveEntriesPanelProps>;
}
