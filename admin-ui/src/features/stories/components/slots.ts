// What the story screens need from other features, handed in by the app
// (features never import each other). Any component with these props fits.
import type { ComponentType } from 'react';
import type { ImageFieldProps } from '../../../components/image-field';

export type { ImageFieldProps };

export interface StorySlots {
  /** ImageField picks the cover image from the media library. */
  ImageField: ComponentType<ImageFieldProps>;
}
