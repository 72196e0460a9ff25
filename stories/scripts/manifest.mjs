#!/usr/bin/env node
// Generates the custom-elements manifest of @threadline/widgets from the components' JSDoc
// (@summary @slot @event @csspart @cssproperty, properties and attributes), for Storybook's docs
// pages and controls. Runs the analyzer through its API rather than its CLI, because the CLI also
// rewrites the analyzed package's package.json, which belongs to the widgets.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';

const here = dirname(fileURLToPath(import.meta.url));
const widgetsRoot = join(here, '../../packages/widgets');
const output = join(here, '../generated/custom-elements.json');

/** Sources below `directory` (all of them, so inherited members resolve); tests and styles hold no public API. */
function sourceFiles(directory) {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !/\.(test|styles)\.ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * The analyzer also lists every `dispatchEvent(new SomeEvent(a, b))` call as an event named after its
 * first argument ("step", "message"); the class JSDoc's @event tags are the contract, so an element
 * that documents its events keeps only those. A shared base class without a tag is no element.
 */
function documentedEventsOnly() {
  return {
    name: 'threadline-documented-events-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          if (!declaration.tagName) delete declaration.customElement;
          const events = declaration.events ?? [];
          if (events.some((event) => event.description)) declaration.events = events.filter((event) => event.description);
        }
      }
    },
  };
}

const files = ['src'].flatMap((folder) => sourceFiles(join(widgetsRoot, folder))).sort();
const modules = files.map((file) => ts.createSourceFile(relative(widgetsRoot, file), readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true));
const manifest = create({ modules, plugins: [...litPlugin(), documentedEventsOnly()], context: { dev: false } });
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, `${JSON.stringify(manifest, null, 2)}\n`);

const elements = manifest.modules.flatMap((module) => module.declarations ?? []).filter((declaration) => declaration.customElement);
console.log(`[manifest] ${elements.length} elements (${elements.map((element) => element.tagName).join(', ')}) -> ${relative(process.cwd(), output)}`);
