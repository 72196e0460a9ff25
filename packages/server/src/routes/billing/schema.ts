// OpenAPI shapes of the prepaid balance and its ledger.
import { z } from '@hono/zod-openapi';

/** Rates in cents. */
export const RatesSchema = z
  .object({
    smsOutbound: z.number().int().openapi({ description: 'Cents per outbound SMS segment', example: 1 }),
    smsInbound: z.number().int().openapi({ description: 'Cents per inbound SMS segment', example: 1 }),
    mmsOutbound: z.number().int().openapi({ description: 'Cents per outbound MMS', example: 3 }),
    mmsInbound: z.number().int().openapi({ description: 'Cents per inbound MMS', example: 2 }),
  })
  .openapi('Rates');

/** The prepaid balance. */
export const BalanceSchema = z
  .object({
    balance: z.number().int().openapi({ description: 'Cents; below zero only after inbound charges, which are never refused', example: 1250 }),
    currency: z.string().openapi({ example: 'USD' }),
    rates: RatesSchema,
  })
  .openapi('Balance');

/** One change of balance. */
export const LedgerEntrySchema = z
  .object({
    id: z.string(),
    amount: z.number().int().openapi({ description: 'Signed cents: top-ups and refunds positive, charges negative', example: -2 }),
    balanceAfter: z.number().int(),
    kind: z.enum(['top-up', 'charge', 'refund', 'inbound']),
    description: z.string().openapi({ example: 'SMS (2 segments) to +17275550199 ($0.02)' }),
    messageId: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('LedgerEntry');
