import { useEffect, useState } from 'react';

/** useDebouncedValue follows value after it has stopped changing for delay ms (for search boxes). */
export function useDebouncedValue<T>(value: T, delay = 250): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), delay);
    return () => clearTimeout(t);
  }, [value, delay]);
  return v;
}
