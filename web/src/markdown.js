// Model cards are Markdown that users and runs wrote: marked turns them into HTML and DOMPurify removes everything
// that could run (script tags, event handlers, javascript: links, iframes, forms) before a node reaches the page.
import { marked } from './vendor/marked.esm.js';
import DOMPurify from './vendor/purify.es.js';

/** The card's YAML front matter (without its fences) and the Markdown after it. */
export function splitFrontMatter(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text ?? '');
  return match ? { frontMatter: match[1], body: text.slice(match[0].length) } : { frontMatter: '', body: text ?? '' };
}

/**
 * A sanitised DocumentFragment of the Markdown; links leave the UI only in a new tab without an opener. An image with a
 * relative address names a file beside the card in its own repository, which this server does not serve: its alt text
 * stands in for it rather than a request for a path of the UI.
 */
export function renderMarkdown(markdown) {
  const html = marked.parse(markdown ?? '', { async: false, gfm: true });
  const fragment = DOMPurify.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  });
  for (const a of fragment.querySelectorAll('a[href]')) {
    if (!a.getAttribute('href').startsWith('#')) {
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    }
  }
  for (const img of fragment.querySelectorAll('img')) {
    if (!/^(https?:|data:image\/)/i.test(img.getAttribute('src') ?? '')) img.replaceWith(img.getAttribute('alt') ?? '');
  }
  return fragment;
}
