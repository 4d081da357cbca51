import { MediaField } from '../features/media/components/media-field';
import { StoryDetailRoute } from '../features/stories/routes/story-detail';

/**
 * StoryEditor composes the story screen with the media library's image
 * field for the cover: features never import each other, so the app hands
 * it in. Loaded lazily with the screen, so the picker is not in the first load.
 */
export function StoryEditor() {
  return <StoryDetailRoute ImageField={MediaField} />;
}
