// The demo's HTML: the inbox with a panel to play the customer (`/`), the components one by one in
// a plain page (`/examples`), and the page shown when the React example is not built. Plain HTML
// and a little vanilla JS on purpose: they show a host page exactly what embedding takes.
import { html } from 'hono/html';

/** Where the demo pages load the widgets' ES bundle from. */
export const WIDGETS_BUNDLE_PATH = '/assets/threadline-widgets.js';

const SHARED_STYLE = html`<link rel="icon" href="data:,">
<style>
  :root { color-scheme: light; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1b1d21; background: #f4f5f7; }
  body { margin: 0; }
  header.bar { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; padding: 10px 20px; background: #fff; border-bottom: 1px solid #d5d9de; }
  header.bar h1 { font-size: 1.05rem; margin: 0; }
  header.bar .by { color: #596068; font-weight: normal; }
  header.bar nav { display: flex; gap: 14px; margin-inline-start: auto; font-size: 0.9rem; }
  a { color: #1a56db; }
  .missing-bundle { margin: 12px 20px; padding: 12px 16px; border-radius: 8px; background: #fdecea; color: #b42318; }
  .missing-bundle code { font-weight: 600; }
</style>`;

// Shown when the bundle fails to load, which is almost always "not built yet" (dist/ is not committed).
const BUNDLE_CHECK = html`<script>
  window.addEventListener('error', (event) => {
    if (!(event.target instanceof HTMLScriptElement) || !event.target.src.endsWith('${WIDGETS_BUNDLE_PATH}')) return;
    const note = document.createElement('p');
    note.className = 'missing-bundle';
    note.setAttribute('role', 'alert');
    note.innerHTML = 'The widgets bundle is not built. Run <code>pnpm --filter @threadline/widgets build</code> (or <code>npm run demo</code> from the repository root), then reload.';
    document.body.prepend(note);
  }, true);
</script>`;

/**
 * The demo page at `/`: `tl-inbox` signed in as the chosen role, and a panel to play the customer
 * (inbound texts and MMS, calls with an outcome) through the dev endpoints.
 */
export function demoPage(businessName: string) {
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${businessName} · Threadline demo</title>
  ${SHARED_STYLE}
  <style>
    html, body { height: 100%; }
    body { display: flex; flex-direction: column; }
    main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 16px; padding: 16px 20px; }
    tl-inbox { --tl-inbox-height: 100%; height: 100%; min-height: 480px; border: 1px solid #d5d9de; border-radius: 10px; overflow: hidden; }
    aside { overflow: auto; background: #fff; border: 1px solid #d5d9de; border-radius: 10px; padding: 14px 16px; font-size: 0.9rem; }
    aside h2 { font-size: 1rem; margin: 0 0 4px; }
    aside h3 { font-size: 0.9rem; margin: 18px 0 8px; }
    aside p.hint { color: #596068; margin: 0 0 8px; }
    label { display: block; margin: 8px 0 4px; color: #3d434a; }
    input, select, textarea, button { font: inherit; }
    input[type=text], input[type=tel], input[type=number], select, textarea { width: 100%; box-sizing: border-box; padding: 6px 8px; border: 1px solid #c3c8ce; border-radius: 6px; background: #fff; }
    textarea { min-height: 64px; resize: vertical; }
    fieldset { border: 0; padding: 0; margin: 8px 0 0; display: flex; gap: 12px; flex-wrap: wrap; }
    fieldset legend { padding: 0; margin-bottom: 4px; color: #3d434a; }
    fieldset label { display: inline-flex; align-items: center; gap: 4px; margin: 0; }
    .row { display: flex; gap: 8px; align-items: end; }
    .row > * { flex: 1; }
    button { margin-top: 10px; padding: 7px 12px; border-radius: 6px; border: 1px solid #1a56db; background: #1a56db; color: #fff; cursor: pointer; }
    button.secondary { background: #fff; color: #1a56db; flex: 0 0 auto; }
    #result { margin-top: 12px; padding: 8px; border-radius: 6px; background: #e7f5ee; color: #146c43; }
    #result:empty { display: none; }
    #result.error { background: #fdecea; color: #b42318; }
    .role { display: flex; align-items: center; gap: 8px; font-size: 0.9rem; }
    .role select { width: auto; }
    @media (max-width: 900px) { main { grid-template-columns: 1fr; } tl-inbox { height: 70vh; } }
  </style>
  ${BUNDLE_CHECK}
  <script type="module" src="${WIDGETS_BUNDLE_PATH}"></script>
</head>
<body>
  <header class="bar">
    <h1>${businessName} <span class="by">· Threadline demo</span></h1>
    <label class="role">Signed in as
      <select id="role" aria-label="Role">
        <option value="owner">Owner</option>
        <option value="admin">Admin</option>
        <option value="manager">Manager</option>
        <option value="viewer">Viewer (read only)</option>
      </select>
    </label>
    <nav>
      <a href="/examples">Components one by one</a>
      <a href="/examples/react/">In a React app</a>
      <a href="/v1/docs">API reference</a>
    </nav>
  </header>
  <main>
    <tl-inbox id="inbox"></tl-inbox>
    <aside aria-labelledby="customer-title">
      <h2 id="customer-title">Play the customer</h2>
      <p class="hint">Text or call one of the business's tracking numbers, as a patient would. The inbox updates live.</p>
      <div class="row">
        <div>
          <label for="customer">Customer's phone</label>
          <input id="customer" type="tel" value="(813) 555-0177" autocomplete="off">
        </div>
        <button type="button" class="secondary" id="new-customer" title="A phone number the business has never seen">New</button>
      </div>
      <label for="tracking-number">Tracking number</label>
      <select id="tracking-number"></select>

      <h3>Send a text</h3>
      <form id="text-form">
        <label for="text-body">Message</label>
        <textarea id="text-body">Hi! Do you have anything open this week for a cleaning?</textarea>
        <label for="attachment">Attachment (MMS)</label>
        <select id="attachment">
          <option value="">None</option>
          <option value="image">Photo</option>
          <option value="audio">Voice note</option>
          <option value="video">Video</option>
          <option value="file">PDF</option>
        </select>
        <button type="submit">Send text to the business</button>
      </form>

      <h3>Place a call</h3>
      <form id="call-form">
        <fieldset>
          <legend>Outcome</legend>
          <label><input type="radio" name="outcome" value="answered" checked> Answered</label>
          <label><input type="radio" name="outcome" value="missed"> Missed</label>
          <label><input type="radio" name="outcome" value="voicemail"> Voicemail</label>
        </fieldset>
        <div class="row">
          <div>
            <label for="duration">Duration (seconds)</label>
            <input id="duration" type="number" min="0" max="14400" value="95">
          </div>
          <label><input id="recording" type="checkbox" checked> Recorded</label>
        </div>
        <button type="submit">Place call</button>
      </form>
      <p id="result" role="status" aria-live="polite"></p>
    </aside>
  </main>
  <script type="module">
    const inbox = document.getElementById('inbox');
    const roleSelect = document.getElementById('role');
    const result = document.getElementById('result');
    const customer = document.getElementById('customer');
    const numberSelect = document.getElementById('tracking-number');
    let token = null;

    // The demo server mints a token for the chosen role (a dev-only endpoint). A real host page gets
    // its token from its own backend, which holds the API key (POST /v1/embed-tokens).
    async function tokenFor(role) {
      const response = await fetch('/demo/token?role=' + encodeURIComponent(role));
      const body = await response.json();
      if (!response.ok) throw new Error(body.error ? body.error.message : 'Could not get a token');
      token = body.token;
      return token;
    }

    function signIn(role) {
      // A new provider function makes the inbox start over with a new client for this role.
      inbox.tokenProvider = () => tokenFor(role);
      inbox.baseUrl = location.origin;
    }

    function show(text, isError) {
      result.textContent = text;
      result.classList.toggle('error', Boolean(isError));
    }

    async function api(method, path, body) {
      if (!token) await tokenFor(roleSelect.value);
      const response = await fetch(path, { method, headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      const data = await response.json();
      if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
      return data;
    }

    async function loadNumbers() {
      const { items } = await api('GET', '/v1/numbers');
      numberSelect.replaceChildren(...items.map((number) => {
        const option = document.createElement('option');
        option.value = number.id;
        option.textContent = number.friendlyName + ' · ' + number.e164;
        return option;
      }));
    }

    roleSelect.addEventListener('change', () => {
      const url = new URL(location.href);
      url.searchParams.set('role', roleSelect.value);
      history.replaceState(null, '', url);
      signIn(roleSelect.value);
    });

    document.getElementById('new-customer').addEventListener('click', () => {
      const line = String(Math.floor(Math.random() * 100)).padStart(2, '0');
      customer.value = '(' + ['813', '727', '941', '407'][Math.floor(Math.random() * 4)] + ') 555-02' + line;
    });

    document.getElementById('text-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const sample = document.getElementById('attachment').value;
      try {
        const message = await api('POST', '/v1/dev/inbound-sms', {
          to: numberSelect.value,
          from: customer.value,
          body: document.getElementById('text-body').value,
          media: sample ? [{ sample }] : undefined,
        });
        show((message.media.length ? 'MMS' : 'Text') + ' delivered from ' + message.from + ' to ' + message.trackingNumber.friendlyName + '.');
      } catch (error) {
        show(error.message, true);
      }
    });

    document.getElementById('call-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const outcome = new FormData(event.target).get('outcome');
      try {
        const call = await api('POST', '/v1/dev/calls', {
          to: numberSelect.value,
          from: customer.value,
          outcome,
          durationSeconds: Number(document.getElementById('duration').value) || 0,
          recording: document.getElementById('recording').checked,
        });
        show('Call from ' + call.from + ' to ' + call.trackingNumber.friendlyName + ': ' + call.status + '.');
      } catch (error) {
        show(error.message, true);
      }
    });

    const initialRole = new URLSearchParams(location.search).get('role');
    if (initialRole && [...roleSelect.options].some((option) => option.value === initialRole)) roleSelect.value = initialRole;
    signIn(roleSelect.value);
    loadNumbers().catch((error) => show(error.message, true));
  </script>
</body>
</html>`;
}

/** `/examples`: each component alone in a plain page, wired together by a few lines of the host's JS. */
export function examplesPage(businessName: string) {
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Components one by one · Threadline demo</title>
  ${SHARED_STYLE}
  <style>
    main { max-width: 1100px; margin: 0 auto; padding: 8px 20px 40px; }
    section { margin-top: 28px; }
    section h2 { font-size: 1.1rem; margin-bottom: 4px; }
    section p { color: #3d434a; margin-top: 0; }
    pre { background: #fff; border: 1px solid #d5d9de; border-radius: 8px; padding: 10px 12px; overflow: auto; font-size: 0.85rem; }
    .pair { display: grid; grid-template-columns: 340px minmax(0, 1fr); gap: 16px; height: 520px; }
    .pair > * { min-height: 0; }
    .conversation { display: grid; grid-template-rows: minmax(0, 1fr) auto; gap: 8px; min-height: 0; }
    tl-thread-list, tl-timeline, tl-composer { border: 1px solid #d5d9de; border-radius: 8px; overflow: hidden; }
    tl-thread-list, tl-timeline { height: 100%; }
    .single { max-width: 560px; }
    #events { font-family: ui-monospace, monospace; font-size: 0.8rem; background: #fff; border: 1px solid #d5d9de; border-radius: 8px; padding: 8px 12px; min-height: 3em; max-height: 140px; overflow: auto; }
    @media (max-width: 800px) { .pair { grid-template-columns: 1fr; height: auto; } tl-thread-list, tl-timeline { height: 420px; } }
  </style>
  ${BUNDLE_CHECK}
  <script type="module" src="${WIDGETS_BUNDLE_PATH}"></script>
</head>
<body>
  <header class="bar">
    <h1>Components one by one <span class="by">· ${businessName}</span></h1>
    <nav>
      <a href="/">The whole inbox</a>
      <a href="/examples/react/">In a React app</a>
      <a href="/v1/docs">API reference</a>
    </nav>
  </header>
  <main>
    <p>This page is plain HTML. One <code>&lt;tl-provider&gt;</code> holds the connection (one client, one live stream) and every widget inside it shares it; the page wires them with one event listener.</p>
    <pre>&lt;script type="module" src="${WIDGETS_BUNDLE_PATH}"&gt;&lt;/script&gt;
&lt;tl-provider base-url="https://your-threadline-server" token="EMBED_TOKEN"&gt;
  &lt;tl-thread-list&gt;&lt;/tl-thread-list&gt;
  &lt;tl-timeline&gt;&lt;/tl-timeline&gt;
  &lt;tl-composer&gt;&lt;/tl-composer&gt;
&lt;/tl-provider&gt;</pre>
    <tl-provider id="provider">
      <section>
        <h2><code>&lt;tl-thread-list&gt;</code> + <code>&lt;tl-timeline&gt;</code> + <code>&lt;tl-composer&gt;</code></h2>
        <p>Pick a conversation on the left: the page sets <code>thread-id</code> on the timeline and the composer.</p>
        <div class="pair">
          <tl-thread-list id="list"></tl-thread-list>
          <div class="conversation">
            <tl-timeline id="timeline"></tl-timeline>
            <tl-composer id="reply" hidden></tl-composer>
          </div>
        </div>
      </section>
      <section>
        <h2><code>&lt;tl-composer&gt;</code> alone: a new message</h2>
        <p>Without <code>thread-id</code> it asks for a From number and a recipient, and checks both before Send.</p>
        <div class="single"><tl-composer id="new-message" to="(813) 555-0142"></tl-composer></div>
      </section>
      <section>
        <h2><code>&lt;tl-thread-list hide-filters&gt;</code>: a compact sidebar</h2>
        <div class="single" style="height: 320px"><tl-thread-list hide-filters page-size="10"></tl-thread-list></div>
      </section>
    </tl-provider>
    <section>
      <h2>Events the widgets fired</h2>
      <div id="events" aria-live="polite"></div>
    </section>
  </main>
  <script type="module">
    const provider = document.getElementById('provider');
    // Dev-only token endpoint; a real host gets the token from its own backend.
    provider.tokenProvider = async () => {
      const response = await fetch('/demo/token?role=owner');
      return (await response.json()).token;
    };
    provider.baseUrl = location.origin;

    const log = document.getElementById('events');
    for (const type of ['tl-thread-select', 'tl-send', 'tl-send-error', 'tl-setup-request', 'tl-billing-request']) {
      provider.addEventListener(type, (event) => {
        const line = document.createElement('div');
        line.textContent = new Date().toLocaleTimeString() + '  ' + type + (event.threadId ? '  ' + event.threadId : '') + (event.message && event.message.id ? '  ' + event.message.id : '');
        log.prepend(line);
      });
    }

    document.getElementById('list').addEventListener('tl-thread-select', (event) => {
      document.getElementById('timeline').threadId = event.threadId;
      const reply = document.getElementById('reply');
      reply.threadId = event.threadId;
      reply.hidden = false;
    });
  </script>
</body>
</html>`;
}

/** Shown at `/examples/react/` until the React example is built. */
export function reactNotBuiltPage() {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>React example · Threadline demo</title>${SHARED_STYLE}</head>
<body>
  <header class="bar"><h1>The React example is not built yet</h1><nav><a href="/">Back to the demo</a></nav></header>
  <main style="padding: 8px 20px">
    <p>It lives in <code>examples/react</code> (Vite + React 19, using the custom elements directly). Build it once and reload:</p>
    <pre>pnpm --filter @threadline/example-react build</pre>
    <p>Or run it with hot reload against this server: <code>pnpm --filter @threadline/example-react dev</code>.</p>
  </main>
</body>
</html>`;
}
