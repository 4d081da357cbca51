import { describe, expect, it } from 'vitest';
import { escapeHTML, isBlank, plainText, sanitizeInline } from './inline-markup';

describe('sanitizeInline', () => {
  it.each([
    ['plain text stays', 'قالت مصادر مطلعة', 'قالت مصادر مطلعة'],
    ['bold and italic, in either spelling', 'a <strong>b</strong> <em>c</em> <b>d</b> <i>e</i>', 'a <b>b</b> <i>c</i> <b>d</b> <i>e</i>'],
    ['safe links keep only href', '<a href="https://x.example/a?b=1&amp;c=2" onclick="evil()" target="_blank">x</a>', '<a href="https://x.example/a?b=1&amp;c=2">x</a>'],
    ['mailto links', '<a href="mailto:desk@news.example">desk</a>', '<a href="mailto:desk@news.example">desk</a>'],
    ['javascript links lose the link, keep the text', '<a href="javascript:alert(1)">click</a>', 'click'],
    ['scripts go with their content', 'a<script>alert(1)</script>b', 'ab'],
    ['styles go with their content', '<style>p{}</style>text', 'text'],
    ['event handlers and unknown tags go, text stays', '<span style="color:red" onmouseover="x()">red</span> <img src=x onerror=alert(1)>', 'red'],
    ['a contentEditable line becomes a line break', 'first<div>second</div><div>third</div>', 'first<br>second<br>third'],
    ['trailing breaks and spaces are dropped', 'text<br><br>&nbsp; ', 'text'],
    ['empty formatting is dropped', '<b></b>text<i> </i>', 'text<i> </i>'],
    ['unclosed tags are closed', '<b>bold <i>both', '<b>bold <i>both</i></b>'],
    ['misnested tags are made well nested', '<b>a<i>b</b>c</i>', '<b>a<i>b</i></b><i>c</i>'],
    ['a stray < is text', '3 < 4 and 5 > 4', '3 &lt; 4 and 5 &gt; 4'],
    ['entities are kept, a bare & is escaped', 'R&amp;D &quot;x&quot; & co', 'R&amp;D &quot;x&quot; &amp; co'],
    ['comments go', 'a<!-- hidden -->b', 'ab'],
    ['mixed Arabic and English runs are untouched', 'قال <b>Lavrov</b> إن المحادثات', 'قال <b>Lavrov</b> إن المحادثات'],
  ])('%s', (_name, input, want) => {
    expect(sanitizeInline(input)).toBe(want);
  });
});

describe('plain text of markup', () => {
  it('drops tags and decodes entities', () => {
    expect(plainText('a <b>b</b>&amp;c<br>d')).toBe('a b&c\nd');
    expect(isBlank('<b> </b>&nbsp;<br>')).toBe(true);
    expect(isBlank('<b>x</b>')).toBe(false);
    expect(escapeHTML('<b>&')).toBe('&lt;b&gt;&amp;');
  });
});
