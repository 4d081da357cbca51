import { TaxonomyScreen } from '../components/taxonomy-screen';

export function TagsRoute() {
  return (
    <TaxonomyScreen
      kind="tags"
      fields={[
        { name: 'name', type: 'text' },
        { name: 'slug', type: 'text' },
      ]}
    />
  );
}
