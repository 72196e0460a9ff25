// Small inline SVG icons. Emoji (📎, 📄) render as empty boxes where no emoji font is installed
// (many Linux desktops and kiosks); a path draws the same everywhere, in the text colour. Every
// icon is decorative (aria-hidden): the control or text beside it carries the words.
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

// The paths are `svg` templates: inside the html template they must be created in the SVG namespace.
const icon = (paths: SVGTemplateResult) =>
  html`<svg class="icon" viewBox="0 0 24 24" width="1.25em" height="1.25em" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths}</svg>`;

/** A paperclip: attach, or an attached file. */
export const paperclipIcon = (): TemplateResult =>
  icon(svg`<path d="m21.44 11.05-9.19 9.19a6 6 0 0 1-8.49-8.49l8.57-8.57A4 4 0 1 1 18 8.84l-8.59 8.57a2 2 0 0 1-2.83-2.83l8.49-8.48" />`);

/** A document with a folded corner: a file without a preview. */
export const fileIcon = (): TemplateResult =>
  icon(svg`<path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z" /><path d="M14 2v6h6" />`);
