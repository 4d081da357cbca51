// What the taxonomy screens need from other features, handed in by the app
// (features never import each other). Any component with these props fits.
import type { ComponentType } from 'react';
import type { ImageFieldProps } from '../../../components/image-field';

export type { ImageFieldProps };

export interface TaxonomySlots {
  /** ImageField picks an image from the media library (an author's avatar). */
  ImageField: ComponentType<ImageFieldProps>;
}
