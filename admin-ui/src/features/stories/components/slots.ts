// What the story screens need from other features, handed in by the app
// (features never import each other). Any component with these props fits.
import type { ComponentType } from 'react';

export interface ImageFieldProps {
  label: string;
  /** The chosen media asset's id, or null for none. */
  value: string | null;
  onChange: (id: string | null) => void;
  disabled?: boolean | undefined;
  error?: string | undefined;
}

export interface StorySlots {
  /** ImageField picks the cover image from the media library. */
  ImageField: ComponentType<ImageFieldProps>;
}
