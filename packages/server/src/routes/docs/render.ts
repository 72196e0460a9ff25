// Renders an OpenAPI 3.1 document as one self-contained HTML page (inline CSS, no scripts, no CDN):
// the servers this runs on have no internet, and a reference page must work there too.

/** The parts of an OpenAPI 3.1 document the page reads. */
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Record<string, Operation | unknown>>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, { description?: string; scheme?: string; type?: string }> };
}

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

/** A JSON Schema node as zod-to-openapi writes them. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function escape(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Inline `code` spans in descriptions, escaped. */
function prose(text: string | undefined): string {
  if (!text) return '';
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** A field's description and default as one or two sentences. */
function sentences(description: string | undefined, defaultValue: unknown): string {
  const parts = description ? [/[.!?)]$/.test(description) ? description : `${description}.`] : [];
  if (defaultValue !== undefined) parts.push(`Default ${JSON.stringify(defaultValue)}.`);
  return parts.join(' ');
}

function refName(ref: string): string {
  return ref.split('/').at(-1) ?? ref;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

class Renderer {
  constructor(private readonly doc: OpenApiDocument) {}

  resolve(schema: Schema | undefined): Schema {
    let current = schema ?? {};
    for (let hops = 0; current.$ref && hops < 10; hops++) current = this.doc.components?.schemas?.[refName(current.$ref)] ?? {};
    return current;
  }

  /** A short, readable type: `string`, `Thread[]`, `"owner" | "admin"`, `integer 1..100`. */
  typeOf(schema: Schema | undefined): string {
    if (!schema) return 'any';
    if (schema.$ref) {
      const name = refName(schema.$ref);
      return `<a href="#schema-${slug(name)}">${escape(name)}</a>`;
    }
    if (schema.const !== undefined) return `<code>${escape(JSON.stringify(schema.const))}</code>`;
    if (schema.enum) return schema.enum.map((value) => `<code>${escape(JSON.stringify(value))}</code>`).join(' | ');
    const union = schema.anyOf ?? schema.oneOf;
    if (union) return union.map((part) => this.typeOf(part)).join(' | ');
    if (schema.allOf?.length === 1) return this.typeOf(schema.allOf[0]);
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    const parts = types.map((type) => {
      if (type === 'array') return `${this.typeOf(schema.items)}[]`;
      if (type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        return `map of ${this.typeOf(schema.additionalProperties)}`;
      }
      if ((type === 'integer' || type === 'number') && (schema.minimum !== undefined || schema.maximum !== undefined)) {
        return `${type} ${schema.minimum ?? ''}..${schema.maximum ?? ''}`;
      }
      if (type === 'string' && schema.format) return `string (${escape(schema.format)})`;
      if (type === 'string' && schema.maxLength !== undefined) return `string ≤ ${schema.maxLength}`;
      return escape(type);
    });
    return parts.join(' | ') || 'any';
  }

  /** Rows of an object's fields; nested anonymous objects are flattened with dotted names. */
  fieldRows(schema: Schema | undefined, prefix = '', depth = 0): string {
    const resolved = this.resolve(schema);
    const properties = resolved.properties ?? {};
    const required = new Set(resolved.required ?? []);
    return Object.entries(properties)
      .map(([name, property]) => {
        const nested = !property.$ref && property.properties && depth < 3;
        const arrayOfObjects = !property.$ref && property.items && !property.items.$ref && property.items.properties && depth < 3;
        const notes = sentences(property.description, property.default);
        const row = `<tr><td><code>${escape(prefix + name)}</code>${required.has(name) ? '' : ' <span class="optional">optional</span>'}</td><td>${nested ? 'object' : this.typeOf(property)}</td><td>${prose(notes)}</td></tr>`;
        if (nested) return row + this.fieldRows(property, `${prefix}${name}.`, depth + 1);
        if (arrayOfObjects) return row + this.fieldRows(property.items, `${prefix}${name}[].`, depth + 1);
        return row;
      })
      .join('');
  }

  fieldsTable(schema: Schema | undefined): string {
    const resolved = this.resolve(schema);
    const rows = this.fieldRows(schema);
    const head = schema?.$ref ? `<p class="schema-name">${this.typeOf(schema)}</p>` : '';
    if (!rows) return `${head}<p class="type">${this.typeOf(resolved.properties ? schema : resolved)}</p>`;
    return `${head}<table><thead><tr><th>Field</th><th>Type</th><th>Notes</th></tr></thead><tbody>${rows}</tbody></table>`;
  }

  operation(method: string, path: string, op: Operation): string {
    const id = `op-${method}-${slug(path)}`;
    const security = (op.security ?? [])
      .flatMap((entry) => Object.keys(entry))
      .map((name) => (name === 'apiKey' ? 'API key (server to server)' : name === 'embedToken' ? 'Embed token' : name));
    const params = op.parameters ?? [];
    const paramTable = params.length
      ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Notes</th></tr></thead><tbody>${params
          .map(
            (p) =>
              `<tr><td><code>${escape(p.name)}</code>${p.required ? '' : ' <span class="optional">optional</span>'}</td><td>${escape(p.in)}</td><td>${this.typeOf(p.schema)}</td><td>${prose(
                sentences(p.description ?? p.schema?.description, p.schema?.default),
              )}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : '';
    const bodyContent = Object.entries(op.requestBody?.content ?? {});
    const body = bodyContent.length
      ? `<h4>Request body</h4>${bodyContent
          .map(([type, media]) => `<p class="content-type">${escape(type)}</p>${this.fieldsTable(media.schema)}`)
          .join('')}`
      : '';
    const responses = Object.entries(op.responses ?? {})
      .map(([status, response]) => {
        const content = Object.entries(response.content ?? {});
        const ok = status.startsWith('2');
        const detail = ok
          ? content.map(([type, media]) => `<p class="content-type">${escape(type)}</p>${this.fieldsTable(media.schema)}`).join('')
          : '';
        return `<div class="response"><span class="status s${escape(status[0])}">${escape(status)}</span> ${prose(response.description)}${detail}</div>`;
      })
      .join('');
    return `<section class="operation" id="${id}">
  <h3><span class="method ${escape(method)}">${escape(method.toUpperCase())}</span> <code class="path">${escape(path)}</code></h3>
  ${op.summary ? `<p class="summary">${prose(op.summary)}</p>` : ''}
  ${op.description ? `<p>${prose(op.description)}</p>` : ''}
  <p class="auth">Auth: ${security.length ? escape(security.join(' or ')) : 'none'}</p>
  ${paramTable}${body}<h4>Responses</h4>${responses}
</section>`;
  }

  page(): string {
    const groups = new Map<string, { method: string; path: string; op: Operation }[]>();
    for (const tag of this.doc.tags ?? []) groups.set(tag.name, []);
    for (const [path, item] of Object.entries(this.doc.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method] as Operation | undefined;
        if (!op) continue;
        const tag = op.tags?.[0] ?? 'Other';
        if (!groups.has(tag)) groups.set(tag, []);
        groups.get(tag)!.push({ method, path, op });
      }
    }
    const tagInfo = new Map((this.doc.tags ?? []).map((tag) => [tag.name, tag.description]));
    const nonEmpty = [...groups].filter(([, ops]) => ops.length);
    const nav = nonEmpty
      .map(
        ([tag, ops]) =>
          `<li><a href="#tag-${slug(tag)}">${escape(tag)}</a><ul>${ops
            .map(({ method, path }) => `<li><a href="#op-${method}-${slug(path)}"><span class="method ${method}">${method.toUpperCase()}</span> ${escape(path)}</a></li>`)
            .join('')}</ul></li>`,
      )
      .join('');
    const sections = nonEmpty
      .map(
        ([tag, ops]) =>
          `<h2 id="tag-${slug(tag)}">${escape(tag)}</h2>${tagInfo.get(tag) ? `<p>${prose(tagInfo.get(tag))}</p>` : ''}${ops
            .map(({ method, path, op }) => this.operation(method, path, op))
            .join('')}`,
      )
      .join('');
    const schemas = Object.entries(this.doc.components?.schemas ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, schema]) => `<section class="schema" id="schema-${slug(name)}"><h3>${escape(name)}</h3>${schema.description ? `<p>${prose(schema.description)}</p>` : ''}${this.fieldsTable({ $ref: `#/components/schemas/${name}` }).replace(/^<p class="schema-name">.*?<\/p>/, '')}</section>`)
      .join('');
    const schemes = Object.entries(this.doc.components?.securitySchemes ?? {})
      .map(([name, scheme]) => `<li><strong>${escape(name === 'apiKey' ? 'API key' : name === 'embedToken' ? 'Embed token' : name)}</strong>: ${prose(scheme.description)}</li>`)
      .join('');
    const servers = (this.doc.servers ?? []).map((server) => `<code>${escape(server.url)}</code>`).join(', ');
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(this.doc.info.title)} reference</title>
<style>
  :root { color-scheme: light dark; --fg: #1b1f24; --muted: #5b636e; --bg: #fff; --panel: #f5f7f9; --line: #dde2e7; --accent: #0b6bcb; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e6e9ec; --muted: #9aa4ae; --bg: #14171a; --panel: #1c2024; --line: #2c3238; --accent: #5aa9ff; } }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); display: grid; grid-template-columns: 300px 1fr; }
  nav { position: sticky; top: 0; height: 100vh; overflow: auto; padding: 20px 16px; border-right: 1px solid var(--line); background: var(--panel); font-size: 13px; }
  nav ul { list-style: none; padding-left: 0; margin: 4px 0 12px; } nav ul ul { padding-left: 4px; }
  nav a { color: inherit; text-decoration: none; display: block; padding: 2px 0; } nav > ul > li > a { font-weight: 600; }
  main { padding: 24px 40px 80px; max-width: 1000px; }
  h1 { margin-top: 0; } h2 { margin-top: 48px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
  .operation, .schema { border: 1px solid var(--line); border-radius: 8px; padding: 4px 20px 16px; margin: 20px 0; }
  .operation h3 { font-size: 16px; } .summary { font-weight: 600; }
  .method { display: inline-block; min-width: 52px; text-align: center; font: 700 11px/1.8 ui-monospace, monospace; border-radius: 4px; color: #fff; padding: 0 6px; }
  .get { background: #1f7a4d; } .post { background: #0b6bcb; } .patch, .put { background: #9a6700; } .delete { background: #b42318; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; background: var(--panel); padding: 1px 4px; border-radius: 4px; }
  table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 14px; }
  th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 6px 8px; } th { color: var(--muted); font-weight: 600; }
  .optional, .auth, .content-type { color: var(--muted); font-size: 12px; }
  .status { font: 700 12px ui-monospace, monospace; padding: 1px 6px; border-radius: 4px; background: var(--panel); } .s2 { color: #1f7a4d; } .s4 { color: #b42318; }
  .response { margin: 8px 0; } a { color: var(--accent); }
</style></head>
<body><nav><strong>${escape(this.doc.info.title)}</strong><ul>${nav}<li><a href="#schemas">Schemas</a></li></ul></nav>
<main>
<h1>${escape(this.doc.info.title)} <small>${escape(this.doc.info.version)}</small></h1>
${this.doc.info.description ? `<p>${prose(this.doc.info.description)}</p>` : ''}
${servers ? `<p>Base URL: ${servers}. The machine-readable document is at <a href="openapi.json"><code>/v1/openapi.json</code></a>.</p>` : ''}
${schemes ? `<h3>Authentication</h3><ul>${schemes}</ul>` : ''}
<p>Errors always answer <code>{ "error": { "code", "message", "details" } }</code>; for invalid input <code>details.field</code> names the field.</p>
${sections}
<h2 id="schemas">Schemas</h2>${schemas}
</main></body></html>`;
  }
}

/** The HTML reference page of an OpenAPI 3.1 document. */
export function renderReference(doc: OpenApiDocument): string {
  return new Renderer(doc).page();
}
