import { MediaField } from '../features/media/components/media-field';
import { AuthorsRoute } from '../features/taxonomy/routes/authors';

/**
 * AuthorsEditor composes the author profiles screen with the media
 * library's image field for avatars (features never import each other).
 * Loaded lazily with the screen, so the picker is not in the first load.
 */
export function AuthorsEditor() {
  return <AuthorsRoute ImageField={MediaField} />;
}
