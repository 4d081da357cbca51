// The inline markup of paragraphs, quotes and list items: bold, italic,
// links and line breaks, as the backend allows (richtext: b, strong, i, em,
// br, a[href] with http, https or mailto). The editor cleans what a
// contentEditable produces with sanitizeInline before it saves, and before
// it puts stored markup back into the page. Pure string code, so it runs
// the same in the browser and in unit tests.

const SAFE_SCHEMES = /^(https?:|mailto:)/i;

/** sanitizeInline keeps only the allowed inline markup; all other tags go, their text stays. */
export function sanitizeInline(html: string): string {
  let out = '';
  const open: string[] = [];
  // Tags, comments and text. A '<' that starts no tag is text.
  const token = /<!--[\s\S]*?-->|<\/?([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>|[^<]+|</g;
  let m: RegExpExecArray | null;
  const dropContent = new Set(['script', 'style', 'template', 'iframe', 'object', 'noscript']);
  let skipping: string | null = null;
  while ((m = token.exec(html)) !== null) {
    const whole = m[0];
    if (whole.startsWith('<!--')) continue;
    const name = m[1]?.toLowerCase();
    if (!name) {
      if (!skipping) out += whole === '<' ? '&lt;' : escapeText(whole);
      continue;
    }
    const closing = whole.startsWith('</');
    if (skipping) {
      if (closing && name === skipping) skipping = null;
      continue;
    }
    if (dropContent.has(name) && !closing) {
      if (!whole.endsWith('/>')) skipping = name;
      continue;
    }
    const tag = canonical(name);
    if (tag === 'br') {
      if (!closing) out += '<br>';
      continue;
    }
    if (tag === 'block') {
      // A contentEditable wraps new lines in <div> or <p>: where one starts or
      // ends inside the text, the line breaks.
      if (out !== '' && !out.endsWith('<br>')) out += '<br>';
      continue;
    }
    if (!tag) continue;
    if (closing) {
      const at = open.lastIndexOf(tag);
      if (at === -1) continue;
      // Close what was opened inside it too, so the result is well nested.
      for (let i = open.length - 1; i >= at; i--) out += `</${open[i]}>`;
      const reopen = open.slice(at + 1);
      open.length = at;
      for (const t of reopen) {
        out += `<${t}>`;
        open.push(t);
      }
      continue;
    }
    if (tag === 'a') {
      const href = attr(m[2] ?? '', 'href');
      if (!href || !SAFE_SCHEMES.test(href.trim())) continue;
      out += `<a href="${escapeAttr(href.trim())}">`;
      open.push('a');
      continue;
    }
    out += `<${tag}>`;
    open.push(tag);
  }
  for (let i = open.length - 1; i >= 0; i--) out += `</${open[i]}>`;
  return tidy(out);
}

function canonical(name: string): 'b' | 'i' | 'a' | 'br' | 'block' | undefined {
  switch (name) {
    case 'b':
    case 'strong':
      return 'b';
    case 'i':
    case 'em':
      return 'i';
    case 'a':
      return 'a';
    case 'br':
      return 'br';
    case 'div':
    case 'p':
      return 'block';
    default:
      return undefined;
  }
}

function attr(attrs: string, name: string): string | undefined {
  const re = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');
  const m = re.exec(attrs);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

/** Text between tags is already HTML (from innerHTML): keep entities, escape stray '>' and bare '&'. */
function escapeText(s: string): string {
  return s.replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** tidy drops empty formatting and trailing line breaks. */
function tidy(s: string): string {
  let prev: string;
  do {
    prev = s;
    s = s.replace(/<(b|i)><\/\1>/g, '').replace(/<a href="[^"]*"><\/a>/g, '');
  } while (s !== prev);
  return s.replace(/(<br>|\s|&nbsp;)+$/g, '').replace(/^(<br>|\s)+/g, '');
}

/** plainText is the text of inline markup, without tags or entities. */
export function plainText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, '')).replace(/&nbsp;/g, ' ');
}

/** isBlank says a piece of markup has no visible text. */
export function isBlank(html: string): boolean {
  return plainText(html).replace(/\u00a0/g, ' ').trim() === '';
}

/** escapeHTML makes plain text safe as inline markup. */
export function escapeHTML(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
