/**
 * visualArrowKey maps ArrowLeft/ArrowRight to "previous"/"next" in reading
 * order: in a right-to-left page the right arrow goes back. Up and down are
 * the same in both directions.
 */
export function visualArrowKey(key: string, dir: 'rtl' | 'ltr'): 'prev' | 'next' | undefined {
  switch (key) {
    case 'ArrowUp':
      return 'prev';
    case 'ArrowDown':
      return 'next';
    case 'ArrowLeft':
      return dir === 'rtl' ? 'next' : 'prev';
    case 'ArrowRight':
      return dir === 'rtl' ? 'prev' : 'next';
    default:
      return undefined;
  }
}

/** documentDir is the page's current direction. */
export function documentDir(): 'rtl' | 'ltr' {
  return document.documentElement.dir === 'rtl' ? 'rtl' : 'ltr';
}
