// What the operator CLI does to the data: set up agencies, businesses, API keys and tracking
// numbers. Kept apart from argument parsing so the rules read in one place.
import { randomBytes } from 'node:crypto';
import { countryOf, isE164, toE164 } from '@threadline/sdk/phone';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { ApiError, invalid, notFound } from '../errors.ts';
import { API_KEY_PREFIX, hashApiKey } from '../middleware/auth/index.ts';

// North American toll-free area codes.
const TOLL_FREE = new Set(['800', '833', '844', '855', '866', '877', '888']);

function requiredName(field: string, value: string | undefined, max = 100): string {
  const name = value?.trim() ?? '';
  if (!name) throw invalid(field, `${field} is required`);
  if (name.length > max) throw invalid(field, `${field} must be at most ${max} characters`);
  return name;
}

/** Creates an agency, which can hold many businesses under one API key. */
export async function createAgency(db: Db, input: { name?: string }) {
  const name = requiredName('name', input.name);
  return db.agency.create({ data: { name }, select: { id: true, name: true } });
}

/** Creates a business (a tenant), optionally inside an agency. */
export async function createBusiness(db: Db, input: { name?: string; agencyId?: string }) {
  const name = requiredName('name', input.name);
  if (input.agencyId && !(await db.agency.findUnique({ where: { id: input.agencyId }, select: { id: true } }))) {
    throw notFound('Agency', input.agencyId);
  }
  return db.business.create({ data: { name, agencyId: input.agencyId ?? null }, select: { id: true, name: true, agencyId: true } });
}

/**
 * Creates an API key for a business or an agency (exactly one). The secret is returned once and
 * only its SHA-256 is stored, so a lost key is replaced, never recovered.
 */
export async function createApiKey(db: Db, input: { businessId?: string; agencyId?: string; name?: string }) {
  if (Boolean(input.businessId) === Boolean(input.agencyId)) {
    throw invalid('businessId', 'Give exactly one of --business-id or --agency-id');
  }
  const name = requiredName('name', input.name);
  if (input.businessId && !(await db.business.findUnique({ where: { id: input.businessId }, select: { id: true } }))) {
    throw notFound('Business', input.businessId);
  }
  if (input.agencyId && !(await db.agency.findUnique({ where: { id: input.agencyId }, select: { id: true } }))) {
    throw notFound('Agency', input.agencyId);
  }
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const key = await db.apiKey.create({
    data: { name, businessId: input.businessId ?? null, agencyId: input.agencyId ?? null, prefix: secret.slice(0, API_KEY_PREFIX.length + 6), secretHash: hashApiKey(secret) },
    select: { id: true, name: true, prefix: true, businessId: true, agencyId: true },
  });
  return { ...key, secret };
}

/** The call flow a `--call-flow` value names in a business: its id, or its name (created if new). */
async function callFlowFor(db: Db, businessId: string, value: string | undefined): Promise<string | null> {
  const wanted = value?.trim();
  if (!wanted) return null;
  const found = await db.callFlow.findFirst({ where: { businessId, OR: [{ id: wanted }, { name: wanted }] }, select: { id: true } });
  if (found) return found.id;
  return (await db.callFlow.create({ data: { businessId, name: requiredName('callFlow', wanted) }, select: { id: true } })).id;
}

/** What `addNumber` needs; country and type default from the number itself. */
export interface AddNumberInput {
  businessId: string;
  e164?: string;
  name?: string;
  country?: string;
  type?: string;
  callFlow?: string;
  smsCapable?: boolean;
  carrierSid?: string;
}

/** Adds a tracking number to a business, checking the number, country and type. */
export async function addNumber(db: Db, input: AddNumberInput) {
  const business = await db.business.findUnique({ where: { id: input.businessId }, select: { id: true } });
  if (!business) throw notFound('Business', input.businessId);
  const e164 = input.e164 ? toE164(input.e164.trim()) : null;
  if (!e164 || !isE164(e164)) throw invalid('e164', `e164 is not a phone number: ${input.e164 ?? '(missing)'}`);
  const detected = countryOf(e164);
  const country = (input.country ?? detected ?? '').toUpperCase();
  if (country !== 'US' && country !== 'CA') throw invalid('country', 'country must be US or CA (numbers outside North America are not supported)');
  const type = input.type ?? (TOLL_FREE.has(e164.slice(2, 5)) ? 'toll-free' : 'local');
  if (type !== 'local' && type !== 'toll-free') throw invalid('type', 'type must be local or toll-free');
  const friendlyName = requiredName('name', input.name);
  const taken = await db.trackingNumber.findUnique({ where: { e164 }, select: { businessId: true } });
  if (taken) throw new ApiError(409, 'conflict', `${e164} is already a tracking number${taken.businessId === business.id ? ' of this business' : ''}`, { field: 'e164' });
  const callFlowId = await callFlowFor(db, business.id, input.callFlow);
  return db.trackingNumber.create({
    data: { businessId: business.id, e164, friendlyName, country, type, smsCapable: input.smsCapable ?? true, callFlowId, carrierSid: input.carrierSid ?? null },
    select: { id: true, e164: true, friendlyName: true, country: true, type: true, smsCapable: true, callFlowId: true },
  });
}

/** One number of a Twilio account as the import reads it. */
export interface TwilioIncomingNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  capabilities: { sms?: boolean } | null;
}

/**
 * Imports a Twilio account's incoming phone numbers (through the official SDK's
 * incomingPhoneNumbers.list) as tracking numbers of a business. Numbers already tracked are
 * skipped, so running it again only adds new ones.
 */
export async function importTwilioNumbers(db: Db, config: Config, input: { businessId: string; callFlow?: string }) {
  if (!config.twilioAccountSid || !config.twilioAuthToken) {
    throw invalid('TWILIO_ACCOUNT_SID', 'Set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN to import numbers from Twilio');
  }
  const business = await db.business.findUnique({ where: { id: input.businessId }, select: { id: true } });
  if (!business) throw notFound('Business', input.businessId);
  const { TwilioCarrier } = await import('../carrier/twilio.ts');
  const carrier = new TwilioCarrier(config);
  let listed: TwilioIncomingNumber[];
  try {
    listed = (await carrier.client.incomingPhoneNumbers.list()) as TwilioIncomingNumber[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ApiError(502, 'carrier_error', `Twilio refused the number list: ${message}`);
  } finally {
    await carrier.close();
  }
  const imported: { id: string; e164: string; friendlyName: string }[] = [];
  const skipped: { e164: string; reason: string }[] = [];
  for (const number of listed) {
    const country = countryOf(number.phoneNumber);
    if (country !== 'US' && country !== 'CA') {
      skipped.push({ e164: number.phoneNumber, reason: 'not a US or Canadian number' });
      continue;
    }
    if (await db.trackingNumber.findUnique({ where: { e164: number.phoneNumber }, select: { id: true } })) {
      skipped.push({ e164: number.phoneNumber, reason: 'already tracked' });
      continue;
    }
    const row = await addNumber(db, {
      businessId: business.id,
      e164: number.phoneNumber,
      name: number.friendlyName || number.phoneNumber,
      country,
      callFlow: input.callFlow,
      smsCapable: number.capabilities?.sms !== false,
      carrierSid: number.sid,
    });
    imported.push({ id: row.id, e164: row.e164, friendlyName: row.friendlyName });
  }
  return { imported, skipped };
}
