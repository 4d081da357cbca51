// Cursor paging kept in the URL: `cursor` is the page shown, `prev` the
// cursors of the pages before it (so "previous" works after a reload or a
// shared link). The first page has neither.

const SEP = ' ';

/** nextPage returns the search params of the page after the current one. */
export function nextPage(params: URLSearchParams, nextCursor: string): URLSearchParams {
  const out = new URLSearchParams(params);
  const stack = prevStack(params);
  stack.push(params.get('cursor') ?? '');
  out.set('prev', stack.join(SEP));
  out.set('cursor', nextCursor);
  return out;
}

/** prevPage returns the search params of the page before the current one. */
export function prevPage(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  const stack = prevStack(params);
  const previous = stack.pop();
  if (previous) out.set('cursor', previous);
  else out.delete('cursor');
  if (stack.length) out.set('prev', stack.join(SEP));
  else out.delete('prev');
  return out;
}

/** firstPage drops the paging, e.g. when a filter changes. */
export function firstPage(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  out.delete('cursor');
  out.delete('prev');
  return out;
}

export function hasPrevPage(params: URLSearchParams): boolean {
  return params.has('cursor');
}

function prevStack(params: URLSearchParams): string[] {
  const raw = params.get('prev');
  if (raw === null) return [];
  return raw.split(SEP);
}
