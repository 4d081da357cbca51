import { TaxonomyScreen } from '../components/taxonomy-screen';

export function SectionsRoute() {
  return (
    <TaxonomyScreen
      kind="sections"
      fields={[
        { name: 'name', type: 'text' },
        { name: 'slug', type: 'text' },
        { name: 'description', type: 'textarea' },
        { name: 'parent_id', type: 'parent' },
        { name: 'position', type: 'number' },
      ]}
    />
  );
}
