import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { EmbedTokenError, verifyEmbedToken } from '@threadline/sdk/node';
import type { Role } from '@threadline/sdk';
import { ApiError, forbidden } from '../../errors.ts';
import type { AppEnv, Services } from '../../services.ts';

/** Prefix of API key secrets, so a leaked key is recognisable in logs and scanners. */
export const API_KEY_PREFIX = 'tl_sk_';

/** SHA-256 of an API key secret: keys are stored only as this. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function bearer(header: string | undefined): string | null {
  const match = header?.match(/^Bearer\s+(.+)$/i);
  return match?.[1]?.trim() || null;
}

/**
 * Verifies the embed token (Authorization: Bearer, or `access_token` in the query for EventSource,
 * which cannot send headers) and sets `c.var.auth`.
 */
export function embedTokenAuth(services: Services) {
  return createMiddleware<AppEnv>(async function embedTokenAuth(c, next) {
    const token = bearer(c.req.header('authorization')) ?? c.req.query('access_token') ?? null;
    if (!token) throw new ApiError(401, 'unauthorized', 'Send an embed token as "Authorization: Bearer <token>"');
    if (token.startsWith(API_KEY_PREFIX)) {
      throw new ApiError(401, 'unauthorized', 'API keys are for the server-to-server API; mint an embed token with POST /v1/embed-tokens');
    }
    try {
      const claims = await verifyEmbedToken(token, services.config.secret);
      c.set('auth', { businessId: claims.businessId, userId: claims.userId, role: claims.role });
    } catch (error) {
      if (error instanceof EmbedTokenError && error.reason === 'expired') {
        throw new ApiError(401, 'token_expired', 'The embed token has expired; get a new one');
      }
      throw new ApiError(401, 'unauthorized', 'The embed token is not valid');
    }
    await next();
  });
}

/** Verifies a server-to-server API key (Authorization: Bearer tl_sk_...) and sets `c.var.apiKey`. */
export function apiKeyAuth(services: Services) {
  return createMiddleware<AppEnv>(async function apiKeyAuth(c, next) {
    const secret = bearer(c.req.header('authorization'));
    if (!secret?.startsWith(API_KEY_PREFIX)) {
      throw new ApiError(401, 'unauthorized', 'Send an API key as "Authorization: Bearer tl_sk_..."');
    }
    const key = await services.db.apiKey.findUnique({ where: { secretHash: hashApiKey(secret) } });
    if (!key || key.revokedAt) throw new ApiError(401, 'unauthorized', 'The API key is not valid');
    c.set('apiKey', { apiKeyId: key.id, agencyId: key.agencyId, businessId: key.businessId });
    await next();
  });
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, manager: 1, admin: 2, owner: 3 };

/** Whether `role` is at least `minimum` (viewer < manager < admin < owner). */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/** Refuses with 403 unless the token's role is at least `minimum` (viewer < manager < admin < owner). */
export function requireRole(minimum: Role, action: string) {
  return createMiddleware<AppEnv>(async function requireRole(c, next) {
    const { role } = c.var.auth;
    if (!roleAtLeast(role, minimum)) {
      throw forbidden(`Your role (${role}) cannot ${action}`, { role, requiredRole: minimum });
    }
    await next();
  });
}

/** Whether a role may change messaging setup (10DLC, toll-free): owners and admins. */
export function canManageSetup(role: Role): boolean {
  return roleAtLeast(role, 'admin');
}
