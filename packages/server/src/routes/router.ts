import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { ApiError } from '../errors.ts';
import type { AppEnv } from '../services.ts';

/** Turns a zod failure into a 422 that names the first bad field (and lists every issue). */
export function validationError(error: ZodError, target: string): ApiError {
  const issues = error.issues.map((issue) => {
    // An unknown key is reported on its object; name the key itself, which is what is wrong.
    const path = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...issue.path, issue.keys[0]] : issue.path;
    return { field: path.length ? path.join('.') : target, message: issue.message };
  });
  const first = issues[0] ?? { field: target, message: 'Invalid input' };
  return new ApiError(422, 'invalid_request', `${first.field}: ${first.message}`, { field: first.field, issues });
}

/** A router whose request validation failures answer 422 with the field named, like every other error. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error as ZodError, result.target);
    },
  });
}
