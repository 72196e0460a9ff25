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
    // The field runs to the first colon (none: the whole line), the value after it, less one space.
    // A comment (": ping") has an empty field name, which matches nothing below.
    const [, field, value = ''] = /^([^:]*):? ?(.*)$/s.exec(text)!;
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry?.(Number(value));
  }

  return {
    feed(chunk: string) {
      // A CRLF split across chunks: the LF belongs to the CR already handled.
      if (sawCarriageReturn && chunk.startsWith('\n')) chunk = chunk.slice(1);
      buffer += chunk;
      sawCarriageReturn = buffer.endsWith('\r');
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop()!;
      lines.forEach(line);
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
