import { SignJWT, jwtVerify, errors } from 'jose';
import type { Role } from '../types.ts';

/** `iss` of every embed token. */
export const EMBED_TOKEN_ISSUER = 'threadline';
/** `aud` of every embed token: these tokens open the embed API and nothing else. */
export const EMBED_TOKEN_AUDIENCE = 'threadline-embed';
/** Longest lifetime a token may have, in seconds (one day). */
export const MAX_EMBED_TOKEN_TTL_SECONDS = 86_400;
const ROLES: readonly Role[] = ['owner', 'admin', 'manager', 'viewer'];

export interface MintEmbedTokenOptions {
  /** The server's THREADLINE_SECRET (at least 16 characters). */
  secret: string;
  businessId: string;
  /** The host product's user id; shown as the sender of this user's messages. */
  userId: string;
  role: Role;
  /** Lifetime in seconds, 60 to 86,400. Default 3,600. */
  ttlSeconds?: number;
}

/** What a verified embed token says. */
export interface EmbedTokenClaims {
  businessId: string;
  userId: string;
  role: Role;
  expiresAt: Date;
}

function key(secret: string): Uint8Array {
  if (secret.length < 16) throw new RangeError('secret must be at least 16 characters');
  return new TextEncoder().encode(secret);
}

/**
 * Mints a short-lived embed token (HS256 JWT) the Threadline server accepts, without an API call.
 * @example
 * const { token } = await mintEmbedToken({ secret: process.env.THREADLINE_SECRET!, businessId, userId: 'u_42', role: 'manager' });
 */
export async function mintEmbedToken(options: MintEmbedTokenOptions): Promise<{ token: string; expiresAt: Date }> {
  const ttl = options.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > MAX_EMBED_TOKEN_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be a whole number from 60 to ${MAX_EMBED_TOKEN_TTL_SECONDS}`);
  }
  if (!ROLES.includes(options.role)) throw new RangeError(`role must be one of ${ROLES.join(', ')}`);
  if (!options.businessId || !options.userId) throw new RangeError('businessId and userId are required');
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = new Date((issuedAt + ttl) * 1000);
  const token = await new SignJWT({ bid: options.businessId, role: options.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.userId)
    .setIssuer(EMBED_TOKEN_ISSUER)
    .setAudience(EMBED_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttl)
    .sign(key(options.secret));
  return { token, expiresAt };
}

/** Why a token was refused. */
export class EmbedTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid', message: string) {
    super(message);
    this.name = 'EmbedTokenError';
  }
}

/** Verifies an embed token's signature, issuer, audience, lifetime and claims. */
export async function verifyEmbedToken(token: string, secret: string): Promise<EmbedTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: EMBED_TOKEN_ISSUER,
      audience: EMBED_TOKEN_AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
    });
    const role = payload['role'];
    const businessId = payload['bid'];
    if (typeof businessId !== 'string' || !businessId || typeof role !== 'string' || !ROLES.includes(role as Role)) {
      throw new EmbedTokenError('invalid', 'Token claims are incomplete');
    }
    return { businessId, userId: payload.sub!, role: role as Role, expiresAt: new Date(payload.exp! * 1000) };
  } catch (error) {
    if (error instanceof EmbedTokenError) throw error;
    if (error instanceof errors.JWTExpired) throw new EmbedTokenError('expired', 'Token has expired');
    throw new EmbedTokenError('invalid', 'Token is not valid');
  }
}
