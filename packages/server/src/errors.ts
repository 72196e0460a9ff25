import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The body every API error answers with. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/**
 * A failure with a stable machine-readable `code`, a sentence a person can read, and the HTTP status
 * it maps to. Domain code throws these; `app.onError` turns them into `ErrorBody`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** 404 for a row that does not exist or belongs to another business (the two look the same on purpose). */
export function notFound(what: string, id?: string): ApiError {
  return new ApiError(404, 'not_found', `${what} not found`, id ? { id } : undefined);
}

/** 422 naming the field that is wrong. */
export function invalid(field: string, message: string, extra?: Record<string, unknown>): ApiError {
  return new ApiError(422, 'invalid_request', message, { field, ...extra });
}

/** 403 for a role that may not do this. */
export function forbidden(message: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(403, 'forbidden', message, details);
}
