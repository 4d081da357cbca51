import { TaxonomyScreen } from '../components/taxonomy-screen';

export function AuthorsRoute() {
  return (
    <TaxonomyScreen
      kind="authors"
      fields={[
        { name: 'name', type: 'text' },
        { name: 'slug', type: 'text' },
        { name: 'bio', type: 'textarea' },
      ]}
    />
  );
}
