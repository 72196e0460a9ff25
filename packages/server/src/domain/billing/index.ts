// Prepaid balance. Business.balance changes only together with a LedgerEntry written in the same
// transaction, so the ledger always sums to the balance and every change has a reason.
//
// Inbound messages are charged at inbound rates and are never refused (the carrier already delivered
// them and the business wants to see them): an inbound charge may take the balance below zero. A
// negative balance then refuses outbound sends until the business adds funds.
import type { Balance, LedgerEntry, Page, Rates } from '@threadline/sdk';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { ApiError, invalid, notFound } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { EventBus } from '../events/index.ts';
import type { Tx } from '../threads/activity.ts';
import { transact } from '../messaging/transaction.ts';

/** The rate columns of a business row (null or missing: the server default). */
export interface BusinessRates {
  smsOutboundRate?: number | null;
  smsInboundRate?: number | null;
  mmsOutboundRate?: number | null;
  mmsInboundRate?: number | null;
}

/** A business's rates: its own overrides, else the server's configured defaults. */
export function ratesOf(config: Pick<Config, 'rates'>, business: BusinessRates): Rates {
  return {
    smsOutbound: business.smsOutboundRate ?? config.rates.smsOutbound,
    smsInbound: business.smsInboundRate ?? config.rates.smsInbound,
    mmsOutbound: business.mmsOutboundRate ?? config.rates.mmsOutbound,
    mmsInbound: business.mmsInboundRate ?? config.rates.mmsInbound,
  };
}

/**
 * An amount of minor units as people read it.
 * @example formatMoney(250, 'USD') // "$2.50"
 */
export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
}

/** The 402 a send gets when its cost exceeds the available balance. */
export function insufficientBalance(cost: number, balance: number, currency: string): ApiError {
  return new ApiError(
    402,
    'insufficient_balance',
    `Balance ${formatMoney(balance, currency)} is below the ${formatMoney(cost, currency)} send cost. Add funds in Billing.`,
    { cost, balance, currency },
  );
}

/** The balance and rates of a business. */
export async function getBalance(db: Db, config: Pick<Config, 'rates'>, businessId: string): Promise<Balance> {
  const business = await db.business.findUnique({ where: { id: businessId } });
  if (!business) throw notFound('Business', businessId);
  return { balance: business.balance, currency: business.currency, rates: ratesOf(config, business) };
}

/** What a charge, refund or top-up left behind, for the `balance.updated` event. */
export interface BalanceChange {
  balance: number;
  currency: string;
  ledgerEntryId: string | null;
}

/**
 * Takes `cost` from the balance for an outbound message, or throws 402 `insufficient_balance`.
 * The conditional update (`balance >= cost`) is what makes concurrent sends safe: two sends that
 * each fit the balance alone cannot both succeed, whatever the database's isolation level.
 */
export async function chargeForSend(
  tx: Tx,
  input: { businessId: string; cost: number; messageId: string; description: string },
): Promise<BalanceChange> {
  const { count } = await tx.business.updateMany({
    where: { id: input.businessId, balance: { gte: input.cost } },
    data: { balance: { decrement: input.cost } },
  });
  const business = await tx.business.findUniqueOrThrow({ where: { id: input.businessId }, select: { balance: true, currency: true } });
  if (count === 0) throw insufficientBalance(input.cost, business.balance, business.currency);
  if (input.cost === 0) return { ...business, ledgerEntryId: null };
  const entry = await tx.ledgerEntry.create({
    data: {
      businessId: input.businessId,
      amount: -input.cost,
      balanceAfter: business.balance,
      kind: 'charge',
      messageId: input.messageId,
      description: input.description,
    },
  });
  return { ...business, ledgerEntryId: entry.id };
}

/**
 * Gives back what a message was charged, once. Returns null when nothing was charged or it was
 * already refunded. Call it in the transaction that marks the message failed.
 */
export async function refundMessage(tx: Tx, input: { businessId: string; messageId: string; description: string }): Promise<BalanceChange | null> {
  const entries = await tx.ledgerEntry.findMany({ where: { businessId: input.businessId, messageId: input.messageId } });
  if (entries.some((entry) => entry.kind === 'refund')) return null;
  const charged = -entries.filter((entry) => entry.kind === 'charge').reduce((sum, entry) => sum + entry.amount, 0);
  if (charged <= 0) return null;
  const business = await tx.business.update({
    where: { id: input.businessId },
    data: { balance: { increment: charged } },
    select: { balance: true, currency: true },
  });
  const entry = await tx.ledgerEntry.create({
    data: {
      businessId: input.businessId,
      amount: charged,
      balanceAfter: business.balance,
      kind: 'refund',
      messageId: input.messageId,
      description: input.description,
    },
  });
  return { ...business, ledgerEntryId: entry.id };
}

/** Charges an inbound message at the inbound rate. Never refused: the balance may go below zero. */
export async function chargeInbound(
  tx: Tx,
  input: { businessId: string; cost: number; messageId: string; description: string },
): Promise<BalanceChange | null> {
  if (input.cost <= 0) return null;
  const business = await tx.business.update({
    where: { id: input.businessId },
    data: { balance: { decrement: input.cost } },
    select: { balance: true, currency: true },
  });
  const entry = await tx.ledgerEntry.create({
    data: {
      businessId: input.businessId,
      amount: -input.cost,
      balanceAfter: business.balance,
      kind: 'inbound',
      messageId: input.messageId,
      description: input.description,
    },
  });
  return { ...business, ledgerEntryId: entry.id };
}

/** Appends the `balance.updated` event for a change, inside the same transaction. */
export async function appendBalanceEvent(tx: Tx, businessId: string, change: BalanceChange): Promise<void> {
  await EventBus.append(tx, businessId, 'balance.updated', { balance: change.balance, currency: change.currency });
}

/** The largest single top-up accepted, in minor units ($100,000): a typo guard for the CLI. */
export const MAX_TOP_UP = 10_000_000;

/**
 * Operator top-up (the CLI `top-up` command): adds funds with a ledger entry and emits
 * `balance.updated`. `amount` is positive integer minor units.
 * @example await topUp(services, { businessId, amount: 2500, description: 'Card payment 4242' })
 */
export async function topUp(services: Services, input: { businessId: string; amount: number; description?: string }): Promise<Balance> {
  if (!Number.isInteger(input.amount) || input.amount <= 0) {
    throw invalid('amount', 'amount must be a positive whole number of cents', { amount: input.amount });
  }
  if (input.amount > MAX_TOP_UP) throw invalid('amount', `amount must be at most ${MAX_TOP_UP} cents`, { amount: input.amount });
  await transact(services.db, async (tx) => {
    const exists = await tx.business.findUnique({ where: { id: input.businessId }, select: { id: true } });
    if (!exists) throw notFound('Business', input.businessId);
    const business = await tx.business.update({
      where: { id: input.businessId },
      data: { balance: { increment: input.amount } },
      select: { balance: true, currency: true },
    });
    const entry = await tx.ledgerEntry.create({
      data: {
        businessId: input.businessId,
        amount: input.amount,
        balanceAfter: business.balance,
        kind: 'top-up',
        description: input.description?.trim() || 'Top-up',
      },
    });
    await appendBalanceEvent(tx, input.businessId, { ...business, ledgerEntryId: entry.id });
  });
  services.bus.notify(input.businessId);
  return getBalance(services.db, services.config, input.businessId);
}

interface LedgerCursor {
  createdAt: string;
  id: string;
}

function encodeCursor(cursor: LedgerCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string): LedgerCursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<LedgerCursor>;
    if (typeof parsed.createdAt === 'string' && typeof parsed.id === 'string' && !Number.isNaN(Date.parse(parsed.createdAt))) {
      return { createdAt: parsed.createdAt, id: parsed.id };
    }
  } catch {
    // fall through to the 422 below
  }
  throw invalid('cursor', 'cursor is not one this API returned');
}

/** A ledger row as the API shows it. */
export function toLedgerEntryDto(row: {
  id: string;
  amount: number;
  balanceAfter: number;
  kind: string;
  description: string;
  messageId: string | null;
  createdAt: Date;
}): LedgerEntry {
  return {
    id: row.id,
    amount: row.amount,
    balanceAfter: row.balanceAfter,
    kind: row.kind as LedgerEntry['kind'],
    description: row.description,
    messageId: row.messageId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A business's ledger, newest first, one cursor page at a time. */
export async function listLedger(db: Db, businessId: string, query: { cursor?: string; limit?: number } = {}): Promise<Page<LedgerEntry>> {
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await db.ledgerEntry.findMany({
    where: {
      businessId,
      ...(after
        ? {
            OR: [
              { createdAt: { lt: new Date(after.createdAt) } },
              { createdAt: new Date(after.createdAt), id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toLedgerEntryDto),
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
  };
}
