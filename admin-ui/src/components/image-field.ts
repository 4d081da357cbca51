// The props of an image field that picks a media asset: screens of several
// features take one (a story's cover, an author's avatar), handed in by the
// app, since features never import each other. Any component with these
// props fits.
export interface ImageFieldProps {
  label: string;
  /** The chosen media asset's id, or null for none. */
  value: string | null;
  onChange: (id: string | null) => void;
  disabled?: boolean | undefined;
  error?: string | undefined;
}
