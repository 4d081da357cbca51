import type { TaxonomySlots } from '../components/slots';
import { TaxonomyScreen } from '../components/taxonomy-screen';

/** AuthorsRoute manages author profiles, with the avatar picked through the ImageField slot. */
export function AuthorsRoute({ ImageField }: TaxonomySlots) {
  return (
    <TaxonomyScreen
      kind="authors"
      ImageField={ImageField}
      fields={[
        { name: 'name', type: 'text' },
        { name: 'slug', type: 'text' },
        { name: 'bio', type: 'textarea' },
        { name: 'avatar_media_id', type: 'image' },
      ]}
    />
  );
}
