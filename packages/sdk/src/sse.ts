/** One server-sent event as parsed from the stream. */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/**
 * An incremental parser of text/event-stream (the WHATWG rules: fields, multi-line data, comments,
 * CR/LF/CRLF line ends, a chunk boundary anywhere). Feed it decoded text; it calls `onMessage` per
 * event and `onRetry` for a `retry:` field.
 * @example
 * const parser = createSseParser((message) => console.log(message));
 * parser.feed('id: 1\nevent: ping\ndata: {}\n\n');
 */
export function createSseParser(onMessage: (message: SseMessage) => void, onRetry?: (ms: number) => void) {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let sawCarriageReturn = false;

  function line(text: string) {
    if (text === '') {
      if (data.length > 0) onMessage({ id, event: event || 'message', data: data.join('\n') });
      data = [];
      event = '';
      id = undefined;
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry?.(Number(value));
  }

  return {
    feed(chunk: string) {
      // A CRLF split across chunks: the LF belongs to the CR already handled.
      if (sawCarriageReturn && chunk.startsWith('\n')) chunk = chunk.slice(1);
      sawCarriageReturn = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        line(buffer.slice(start, i));
        if (char === '\r') {
          if (i + 1 === buffer.length) sawCarriageReturn = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    /** Forgets a partial event (the stream broke mid-event; it will be replayed by id). */
    reset() {
      buffer = '';
      data = [];
      event = '';
      id = undefined;
      sawCarriageReturn = false;
    },
  };
}
