import { networkError } from '../errors.ts';
import { parseBody, type Http, type RawResponse } from '../http.ts';
import type { Media } from '../types.ts';

/** Upload progress in bytes. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** Options of `client.media.upload`. */
export interface UploadOptions {
  /** Called as bytes go out (browsers); in Node only once, when the upload is done. */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** Name for a Blob that has none. */
  filename?: string;
}

/** MMS attachments. */
export interface MediaManager {
  /** Uploads a file (multipart field `file`) and returns the Media to attach by id. */
  upload(file: Blob, options?: UploadOptions): Promise<Media>;
}

function form(file: Blob, filename = (file as File).name ?? 'upload'): FormData {
  const body = new FormData();
  body.append('file', file, filename);
  return body;
}

// XMLHttpRequest, because fetch cannot report upload progress.
function uploadWithXhr(url: string, token: string, file: Blob, options: UploadOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => options.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => resolve({ status: xhr.status, body: parseBody(xhr.responseText) });
    xhr.onerror = () => reject(networkError(new Error('upload failed')));
    xhr.onabort = () => reject(new DOMException('The upload was aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    if (options.signal?.aborted) return xhr.abort();
    xhr.send(form(file, options.filename));
  });
}

/** Creates `client.media`. */
export function createMediaManager(http: Http): MediaManager {
  return {
    async upload(file, options = {}) {
      const url = http.url('/v1/media');
      if (typeof XMLHttpRequest !== 'undefined') return http.send<Media>((token) => uploadWithXhr(url, token, file, options));
      const media = await http.request<Media>('POST', '/v1/media', { body: form(file, options.filename), signal: options.signal });
      options.onProgress?.({ loaded: file.size, total: file.size });
      return media;
    },
  };
}
