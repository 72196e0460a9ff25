import type { EmbedToken, EmbedTokenInput, Me } from '@threadline/sdk';
import { mintEmbedToken } from '@threadline/sdk/node';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { ApiKeyAuth, EmbedAuth } from '../../services.ts';

/** The signed-in user as the token says, with the business's name; 404 when the business is gone. */
export async function whoAmI(db: Db, auth: EmbedAuth): Promise<Me> {
  const business = await db.business.findUnique({ where: { id: auth.businessId }, select: { name: true } });
  if (!business) throw notFound('Business', auth.businessId);
  return { businessId: auth.businessId, businessName: business.name, userId: auth.userId, role: auth.role };
}

/**
 * Whether an API key may act for a business: an agency key for any business of its agency, a
 * business key for its own business only. Anything else is reported as "not found", so a key
 * cannot probe which business ids exist.
 */
export async function assertKeyManages(db: Db, key: ApiKeyAuth, businessId: string): Promise<void> {
  const business = await db.business.findUnique({ where: { id: businessId }, select: { id: true, agencyId: true } });
  const manages = business && (key.businessId ? key.businessId === business.id : key.agencyId !== null && key.agencyId === business.agencyId);
  if (!manages) throw notFound('Business', businessId);
}

/**
 * Mints an embed token for a user of a business the key manages and records the member (user id and
 * current role), so the business knows who has used the inbox.
 */
export async function mintTokenWithKey(db: Db, secret: string, key: ApiKeyAuth, input: EmbedTokenInput): Promise<EmbedToken> {
  await assertKeyManages(db, key, input.businessId);
  return mintTokenFor(db, secret, input);
}

/**
 * Mints an embed token for a user of an existing business and records the member; the caller has
 * already decided it may (an API key that manages the business, or the operator CLI).
 */
export async function mintTokenFor(db: Db, secret: string, input: EmbedTokenInput): Promise<EmbedToken> {
  const business = await db.business.findUnique({ where: { id: input.businessId }, select: { id: true } });
  if (!business) throw notFound('Business', input.businessId);
  const { token, expiresAt } = await mintEmbedToken({ secret, ...input });
  await db.member.upsert({
    where: { businessId_userId: { businessId: input.businessId, userId: input.userId } },
    create: { businessId: input.businessId, userId: input.userId, role: input.role },
    update: { role: input.role, lastSeenAt: new Date() },
  });
  return { token, expiresAt: expiresAt.toISOString() };
}
