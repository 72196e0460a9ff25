// Stories render into Lit templates; each gets its own fixture (client + fake API), ended when the
// story leaves the page so live tickers and status timers of one story never leak into the next.
import { html, type TemplateResult } from 'lit';
import { fixtureClient, startLiveActivity, type Fixture, type FixtureOptions } from '../fixtures/index.ts';

/** Holds a story's fixture and ends it when the story's DOM is removed. */
class StoryFixture extends HTMLElement {
  #cleanup: (() => void) | undefined;

  /** Set by the template; a re-render with new args (Lit reuses this element) ends the old fixture. */
  set cleanup(next: (() => void) | undefined) {
    if (next === this.#cleanup) return;
    this.#cleanup?.();
    this.#cleanup = next;
  }

  connectedCallback() {
    this.style.display = 'contents';
  }

  disconnectedCallback() {
    this.cleanup = undefined;
  }
}
if (!customElements.get('story-fixture')) customElements.define('story-fixture', StoryFixture);

/** What a story's template gets: the fixture, for `.client=${fixture.client}`. */
export type FixtureTemplate = (fixture: Fixture) => TemplateResult;

/**
 * Renders a template over a new fixture world; `live` plays inbound activity every few seconds.
 * @example render: () => withFixture({ threads: 5000 }, ({ client }) => html`<tl-thread-list .client=${client}></tl-thread-list>`)
 */
export function withFixture(options: FixtureOptions & { live?: number; setup?: (fixture: Fixture) => (() => void) | void }, template: FixtureTemplate): TemplateResult {
  const fixture = fixtureClient(options);
  const stops: Array<() => void> = [() => fixture.client.close(), () => fixture.server.close()];
  if (options.live) stops.push(startLiveActivity(fixture.server, options.live));
  const extra = options.setup?.(fixture);
  if (extra) stops.push(extra);
  const cleanup = () => stops.forEach((stop) => stop());
  return html`<story-fixture .cleanup=${cleanup}>${template(fixture)}</story-fixture>`;
}

/** A frame of a given size, so a story shows a layout as a host page would size it. */
export function frame(width: string, height: string, content: TemplateResult): TemplateResult {
  return html`<div style="width:${width};max-width:100%;height:${height};margin:0 auto;padding:16px;box-sizing:content-box">${content}</div>`;
}
