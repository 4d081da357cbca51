import { visualArrowKey } from './visual-arrow-key';

/**
 * gridKeyTarget is the index a key moves to in a grid of count items laid
 * out in rows of columns, in reading order: left and right follow the
 * page's direction (in right-to-left the right arrow goes back), up and down
 * move a row, Home and End go to the first and last item. undefined: the key
 * does not move, or there is nowhere to go.
 */
export function gridKeyTarget(key: string, index: number, count: number, columns: number, dir: 'rtl' | 'ltr'): number | undefined {
  if (count === 0) return undefined;
  let next: number;
  if (key === 'Home') next = 0;
  else if (key === 'End') next = count - 1;
  else if (key === 'ArrowUp') next = index - Math.max(1, columns);
  else if (key === 'ArrowDown') next = index + Math.max(1, columns);
  else {
    const step = visualArrowKey(key, dir);
    if (!step) return undefined;
    next = index + (step === 'next' ? 1 : -1);
  }
  if (next < 0 || next >= count || next === index) return undefined;
  return next;
}
