// The demo business, "Sunshine Dental & Ortho": tracking numbers in every readiness state, a
// verified 10DLC brand with an approved campaign, and a few hundred conversations over 90 days
// (texts both ways with some carrier failures, MMS, answered / missed / voicemail calls).
// Deterministic (seeded), fast (bulk inserts in one transaction), and only ever seeded once.
import { quoteCost, smsSegments } from '@threadline/sdk';
import type { Config } from '../../config.ts';
import type { Db, Prisma } from '../../db/client.ts';
import { ApiError } from '../../errors.ts';
import { ratesOf } from '../billing/index.ts';
import { simulatorRecordingUrl } from '../media/fetch.ts';
import { writeMediaBytes } from '../media/index.ts';
import { samplePng, sampleWav } from '../media/samples.ts';
import { errorWords } from '../messaging/error-codes.ts';
import { activityDay, callPreviewText, contactSearchText, messagePreviewText } from '../threads/activity.ts';
import { seededRandom, type Random } from './random.ts';

/** The demo business's name; seeding is skipped when a business of this name exists. */
export const DEMO_BUSINESS_NAME = 'Sunshine Dental & Ortho';
/** Host-product user ids of the demo members, by role. */
export const DEMO_USERS = { owner: 'dr-alvarez', admin: 'office-manager', manager: 'front-desk', viewer: 'billing-viewer' } as const;
/** The demo's opening balance after all seeded charges: $25.00. */
export const DEMO_BALANCE = 2500;

/** What `seedDemo` did. */
export interface SeedResult {
  businessId: string;
  /** False when the demo business already existed and nothing was written. */
  created: boolean;
  counts: { threads: number; messages: number; calls: number; media: number; numbers: number };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const FIRST_NAMES = [
  'Maria', 'James', 'Olivia', 'Ethan', 'Sofia', 'Michael', 'Emma', 'Daniel', 'Ava', 'Carlos', 'Chloe', 'David', 'Grace', 'Anthony',
  'Isabella', 'Kevin', 'Lauren', 'Marcus', 'Nina', 'Omar', 'Priya', 'Ryan', 'Sarah', 'Tyler', 'Vanessa', 'William', 'Yasmin', 'Zoe',
  'Brandon', 'Hannah', 'Jasmine', 'Luis', 'Megan', 'Nathan', 'Rachel', 'Samuel', 'Tiffany', 'Victor', 'Whitney', 'Xavier',
];
const LAST_NAMES = [
  'Lopez', 'Smith', 'Nguyen', 'Patel', 'Johnson', 'Garcia', 'Brown', 'Kim', 'Rodriguez', 'Martinez', 'Davis', 'Wilson', 'Anderson',
  'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez',
  'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Hill', 'Flores', "O'Brien", 'Okafor', 'Rossi',
];
// Florida area codes for most callers, Toronto ones for the Canadian office.
const US_AREAS = ['813', '813', '813', '727', '727', '941', '352', '407', '904', '305'];
const CA_AREAS = ['416', '647'];

/** One step of a scripted conversation. */
type Step =
  | { kind: 'in' | 'out'; text: string; media?: 'image' | 'audio' }
  | { kind: 'call'; outcome: 'answered' | 'missed' | 'voicemail' | 'outbound' };

// Conversations a dental office really has; `{day}`/`{time}` are filled per thread.
const SCRIPTS: Step[][] = [
  [
    { kind: 'in', text: 'Hi, do you have any openings for a cleaning next week?' },
    { kind: 'out', text: 'Hi! We have {day} at {time} or Thursday at 2:00pm. Which works better?' },
    { kind: 'in', text: '{day} works great' },
    { kind: 'out', text: "You're all set for {day} at {time} with Dr. Alvarez. Reply C to confirm." },
    { kind: 'in', text: 'C' },
  ],
  [
    { kind: 'out', text: 'Reminder: your appointment at Sunshine Dental & Ortho is tomorrow at {time}. Reply C to confirm or R to reschedule.' },
    { kind: 'in', text: 'C' },
    { kind: 'out', text: 'Thank you! See you tomorrow.' },
  ],
  [
    { kind: 'out', text: 'Reminder: your appointment at Sunshine Dental & Ortho is tomorrow at {time}. Reply C to confirm or R to reschedule.' },
    { kind: 'in', text: 'R' },
    { kind: 'out', text: 'No problem! What days work best for you?' },
    { kind: 'in', text: 'Any morning next week except Monday' },
    { kind: 'out', text: 'How about {day} at 9:30am?' },
    { kind: 'in', text: 'Perfect, thank you!' },
  ],
  [
    { kind: 'in', text: 'Do you take Delta Dental PPO?' },
    { kind: 'out', text: "Yes, we're in network with Delta Dental PPO 😊 Would you like to book a new-patient exam?" },
    { kind: 'in', text: 'Yes please. Mornings are best' },
    { kind: 'call', outcome: 'outbound' },
  ],
  [
    { kind: 'call', outcome: 'missed' },
    { kind: 'in', text: 'I chipped my front tooth, can someone see me today??', media: 'image' },
    { kind: 'out', text: "So sorry! We can see you at {time} today. Please bring your insurance card." },
    { kind: 'in', text: 'On my way, thank you so much' },
  ],
  [
    { kind: 'call', outcome: 'voicemail' },
    { kind: 'out', text: "Hi, this is Sunshine Dental returning your call. What's a good time to reach you?" },
    { kind: 'in', text: 'After 5 today' },
    { kind: 'call', outcome: 'outbound' },
  ],
  [
    { kind: 'in', text: 'How much is an Invisalign consultation?' },
    { kind: 'out', text: 'Consultations are free, and we offer 0% financing for 24 months. Want me to book one?' },
    { kind: 'in', text: 'Maybe later, thanks' },
  ],
  [
    { kind: 'out', text: 'How are you feeling after your extraction today? Call us if the bleeding has not stopped after 4 hours.' },
    { kind: 'in', text: 'Much better, a little sore. Can I take ibuprofen?' },
    { kind: 'out', text: 'Yes, ibuprofen is fine. Alternate with Tylenol if needed and avoid straws for 3 days.' },
  ],
  [
    { kind: 'in', text: 'I got a bill for $45, what is it for?' },
    { kind: 'out', text: "That's your share of the fluoride treatment insurance didn't cover. Happy to send an itemized statement." },
    { kind: 'in', text: 'Ok please email it' },
  ],
  [{ kind: 'call', outcome: 'answered' }, { kind: 'out', text: 'Here is the new-patient form link: sunshinedental.example/forms' }],
  [{ kind: 'call', outcome: 'answered' }],
  [{ kind: 'call', outcome: 'missed' }],
  [{ kind: 'call', outcome: 'voicemail' }, { kind: 'call', outcome: 'missed' }],
  [
    { kind: 'in', text: 'Hola, ¿tienen citas disponibles el sábado?' },
    { kind: 'out', text: '¡Hola! Sí, tenemos el sábado a las 10:00am. ¿Le funciona?' },
    { kind: 'in', text: 'Sí, perfecto. Gracias' },
  ],
  [
    { kind: 'in', text: "My son's retainer cracked", media: 'image' },
    { kind: 'out', text: 'Thanks for the photo. We can make a new one; please bring him in {day} at {time}.' },
    { kind: 'in', text: 'Here is a voice note from his dad about timing', media: 'audio' },
  ],
  [
    { kind: 'out', text: "It's been 6 months since your last cleaning! Book online or reply here to schedule." },
    { kind: 'in', text: 'STOP' },
  ],
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const TIMES = ['8:30am', '9:00am', '10:30am', '11:15am', '1:00pm', '2:30pm', '3:45pm', '4:15pm'];

interface NumberSpec {
  key: string;
  e164: string;
  friendlyName: string;
  country: 'US' | 'CA';
  type: 'local' | 'toll-free';
  smsCapable: boolean;
  flow: string;
  assigned: boolean;
  tollFreeStatus?: string;
  /** Relative share of conversations. */
  weight: number;
}

const NUMBERS: NumberSpec[] = [
  { key: 'tampa', e164: '+18135550142', friendlyName: 'Tampa PPC', country: 'US', type: 'local', smsCapable: true, flow: 'Paid Search', assigned: true, weight: 5 },
  { key: 'main', e164: '+18135550100', friendlyName: 'Main Intake', country: 'US', type: 'local', smsCapable: true, flow: 'Main Intake IVR', assigned: true, weight: 8 },
  { key: 'google', e164: '+17275550163', friendlyName: 'Google Ads', country: 'US', type: 'local', smsCapable: true, flow: 'Paid Search', assigned: true, weight: 4 },
  { key: 'toronto', e164: '+14165550187', friendlyName: 'Toronto Office', country: 'CA', type: 'local', smsCapable: true, flow: 'Toronto Office', assigned: false, weight: 2 },
  { key: 'radio', e164: '+18885550119', friendlyName: 'Radio Spots (Toll-Free)', country: 'US', type: 'toll-free', smsCapable: true, flow: 'Offline Ads', assigned: false, tollFreeStatus: 'pending_review', weight: 2 },
  { key: 'billboard', e164: '+14075550134', friendlyName: 'Billboard I-4', country: 'US', type: 'local', smsCapable: true, flow: 'Offline Ads', assigned: false, weight: 2 },
  { key: 'fax', e164: '+18135550199', friendlyName: 'Legacy Fax Line', country: 'US', type: 'local', smsCapable: false, flow: 'Main Intake IVR', assigned: false, weight: 1 },
];
const FLOWS = ['Main Intake IVR', 'Paid Search', 'Offline Ads', 'Toronto Office'];

function weightedNumber(random: Random, canadian: boolean): NumberSpec {
  if (canadian) return NUMBERS.find((n) => n.key === 'toronto')!;
  const pool = NUMBERS.filter((n) => n.key !== 'toronto');
  let roll = random.next() * pool.reduce((sum, n) => sum + n.weight, 0);
  for (const number of pool) {
    roll -= number.weight;
    if (roll < 0) return number;
  }
  return pool[0]!;
}

/**
 * Seeds the demo business unless one with its name exists. Times are relative to `now`, so the
 * inbox looks current whenever the demo is started; everything else is the same on every run.
 */
export async function seedDemo(db: Db, config: Pick<Config, 'mediaDir' | 'rates'>, options: { now?: Date; threads?: number } = {}): Promise<SeedResult> {
  const existing = await db.business.findFirst({ where: { name: DEMO_BUSINESS_NAME }, select: { id: true } });
  const none = { threads: 0, messages: 0, calls: 0, media: 0, numbers: 0 };
  if (existing) return { businessId: existing.id, created: false, counts: none };

  const taken = await db.trackingNumber.findMany({ where: { e164: { in: NUMBERS.map((n) => n.e164) } }, select: { e164: true } });
  if (taken.length) {
    throw new ApiError(409, 'conflict', `The demo's numbers are already tracking numbers here (${taken.map((n) => n.e164).join(', ')}); seed the demo into its own database`, {
      field: 'e164',
    });
  }

  const random = seededRandom(20_261_127);
  const now = (options.now ?? new Date()).getTime();
  const threadCount = options.threads ?? 320;
  const rates = ratesOf(config, {});
  const businessId = random.id();

  const flows = FLOWS.map((name) => ({ id: random.id(), businessId, name, createdAt: new Date(now - 200 * DAY) }));
  const flowId = (name: string) => flows.find((flow) => flow.name === name)!.id;
  const campaignId = random.id();
  const numberIds = new Map(NUMBERS.map((spec) => [spec.key, random.id()]));
  const numbers: Prisma.TrackingNumberCreateManyInput[] = NUMBERS.map((spec) => ({
    id: numberIds.get(spec.key)!,
    businessId,
    e164: spec.e164,
    friendlyName: spec.friendlyName,
    country: spec.country,
    type: spec.type,
    smsCapable: spec.smsCapable,
    callFlowId: flowId(spec.flow),
    campaignId: spec.assigned ? campaignId : null,
    assignmentStatus: spec.assigned ? 'assigned' : 'unassigned',
    tollFreeStatus: spec.tollFreeStatus ?? 'not_submitted',
    tollFreeEditable: spec.tollFreeStatus ? false : true,
    carrierSid: `PN${random.id().slice(1, 33).padEnd(32, '0')}`,
    createdAt: new Date(now - 180 * DAY),
  }));
  const mainNumber = NUMBERS.find((n) => n.key === 'main')!;

  // Media bytes are written once and shared by every seeded attachment of that kind.
  const imageBytes = samplePng();
  const audioBytes = sampleWav(3);
  const imageKey = await writeMediaBytes(config, businessId, imageBytes);
  const audioKey = await writeMediaBytes(config, businessId, audioBytes);

  const contacts: Prisma.ContactCreateManyInput[] = [];
  const threads: Prisma.ThreadCreateManyInput[] = [];
  const links: Prisma.ThreadNumberCreateManyInput[] = [];
  const messages: Prisma.MessageCreateManyInput[] = [];
  const media: Prisma.MediaCreateManyInput[] = [];
  const calls: Prisma.CallCreateManyInput[] = [];
  const charges: { at: number; messageId: string; amount: number; kind: 'charge' | 'inbound' | 'refund'; description: string }[] = [];
  const usedNumbers = new Set<string>(NUMBERS.map((n) => n.e164));

  for (let t = 0; t < threadCount; t++) {
    const canadian = random.chance(0.08);
    let e164: string;
    do e164 = `+1${random.pick(canadian ? CA_AREAS : US_AREAS)}555${String(random.int(0, 9999)).padStart(4, '0')}`;
    while (usedNumbers.has(e164));
    usedNumbers.add(e164);
    const name = random.chance(0.45) ? `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}` : null;
    const number = weightedNumber(random, canadian);
    // Texts the number cannot send go out from the main line, as the front desk would do.
    const sender = number.smsCapable && number.key !== 'billboard' ? number : mainNumber;
    const script = random.pick(number.smsCapable ? SCRIPTS : SCRIPTS.filter((steps) => steps.every((step) => step.kind === 'call')));
    const fill = (text: string) => text.replaceAll('{day}', random.pick(DAYS)).replaceAll('{time}', random.pick(TIMES));

    // Recent days are busier: the latest activity leans towards now.
    const end = now - Math.floor(random.next() ** 2 * 89 * DAY) - random.int(1, 90) * MINUTE;
    const gaps = script.map((_, index) => (index === 0 ? 0 : random.int(2, 180) * MINUTE));
    const total = gaps.reduce((sum, gap) => sum + gap, 0);
    let at = end - total;

    const contactId = random.id();
    const threadId = random.id();
    const used = new Map<string, number>();
    const firstUsed = new Map<string, number>();
    let preview = { kind: 'sms', text: '', direction: 'inbound' };
    let trailingInbound = 0;
    let optedOutAt: Date | null = null;

    script.forEach((step, index) => {
      at += gaps[index]!;
      const when = new Date(at);
      if (step.kind === 'call') {
        const outbound = step.outcome === 'outbound';
        const status = outbound ? 'answered' : step.outcome;
        const duration = status === 'answered' ? random.int(35, 780) : status === 'voicemail' ? random.int(25, 70) : 0;
        const recordingSeconds = status === 'voicemail' ? duration - random.int(5, 20) : null;
        const callSid = `CA${random.id().slice(1)}${random.id().slice(1, 9)}`;
        const via = outbound ? sender : number;
        calls.push({
          id: random.id(), businessId, threadId, trackingNumberId: numberIds.get(via.key)!, direction: outbound ? 'outbound' : 'inbound',
          from: outbound ? via.e164 : e164, to: outbound ? e164 : via.e164, status, durationSeconds: duration,
          recordingUrl: recordingSeconds ? simulatorRecordingUrl(callSid, recordingSeconds) : null,
          recordingSid: recordingSeconds ? `RE${random.id().slice(1)}${random.id().slice(1, 9)}` : null,
          recordingDurationSeconds: recordingSeconds, carrierSid: callSid, startedAt: when, createdAt: when, updatedAt: new Date(at + duration * 1000),
        });
        if (!firstUsed.has(via.key)) firstUsed.set(via.key, at);
        used.set(via.key, at);
        preview = { kind: 'call', text: callPreviewText(status, duration, recordingSeconds), direction: outbound ? 'outbound' : 'inbound' };
        trailingInbound = outbound || status === 'answered' ? 0 : trailingInbound + 1;
        return;
      }
      const inbound = step.kind === 'in';
      const via = inbound ? number : sender;
      const body = fill(step.text);
      const segments = smsSegments(body);
      const attachment = step.media ? [step.media] : [];
      const messageId = random.id();
      const failure = !inbound && random.chance(0.06) ? random.pick(['30007', '30003', '30007']) : null;
      const cost = quoteCost({ segments: segments.segments, mediaCount: attachment.length, direction: inbound ? 'inbound' : 'outbound', rates });
      messages.push({
        id: messageId, businessId, threadId, trackingNumberId: numberIds.get(via.key)!, direction: inbound ? 'inbound' : 'outbound',
        from: inbound ? e164 : via.e164, to: inbound ? via.e164 : e164, body, encoding: segments.encoding, segments: segments.segments,
        status: inbound ? 'received' : failure ? 'failed' : 'delivered', errorCode: failure, errorMessage: errorWords(failure),
        carrierSid: `${attachment.length ? 'MM' : 'SM'}${random.id().slice(1)}${random.id().slice(1, 9)}`, cost,
        senderUserId: inbound ? null : random.pick([DEMO_USERS.manager, DEMO_USERS.manager, DEMO_USERS.admin]),
        createdAt: when, updatedAt: new Date(at + (inbound ? 0 : 4000)),
      });
      for (const kind of attachment) {
        media.push({
          id: random.id(), businessId, messageId, contentType: kind === 'image' ? 'image/png' : 'audio/wav',
          filename: kind === 'image' ? 'photo.png' : 'voice-note.wav', size: kind === 'image' ? imageBytes.byteLength : audioBytes.byteLength,
          storageKey: kind === 'image' ? imageKey : audioKey, publicToken: `${random.id()}${random.id()}`, createdAt: when,
        });
      }
      const description = `${inbound ? 'Inbound' : 'Outbound'} ${attachment.length ? 'MMS' : 'SMS'} ${inbound ? 'from' : 'to'} ${e164}`;
      charges.push({ at, messageId, amount: -cost, kind: inbound ? 'inbound' : 'charge', description });
      if (failure) charges.push({ at: at + 4000, messageId, amount: cost, kind: 'refund', description: `Refund: ${errorWords(failure)}` });
      if (inbound && body.trim().toUpperCase() === 'STOP') optedOutAt = when;
      if (!firstUsed.has(via.key)) firstUsed.set(via.key, at);
      used.set(via.key, at);
      preview = { kind: attachment.length ? 'mms' : 'sms', text: messagePreviewText(body, attachment.map((k) => (k === 'image' ? 'image/png' : 'audio/wav'))), direction: inbound ? 'inbound' : 'outbound' };
      trailingInbound = inbound ? trailingInbound + 1 : 0;
    });

    const searchText = contactSearchText(e164, name);
    const created = new Date(end - total);
    contacts.push({ id: contactId, businessId, e164, name, searchText, optedOut: optedOutAt !== null, optedOutAt, createdAt: created, updatedAt: created });
    threads.push({
      id: threadId, businessId, contactId, firstActivityAt: created, firstActivityDay: activityDay(created), lastActivityAt: new Date(end), previewKind: preview.kind, previewText: preview.text,
      previewDirection: preview.direction, searchText, createdAt: created,
      // Only recent conversations still wait for someone; older ones were read long ago.
      unreadCount: now - end < 4 * DAY ? trailingInbound : 0,
    });
    for (const [key, last] of used) links.push({ threadId, trackingNumberId: numberIds.get(key)!, firstActivityAt: new Date(firstUsed.get(key)!), lastActivityAt: new Date(last) });
  }

  // The ledger replays every charge in time order from one opening top-up, ending at DEMO_BALANCE,
  // so balance == sum of the ledger as everywhere else.
  charges.sort((x, y) => x.at - y.at);
  const spent = -charges.reduce((sum, charge) => sum + charge.amount, 0);
  let balance = DEMO_BALANCE + spent;
  const ledger: Prisma.LedgerEntryCreateManyInput[] = [
    { id: random.id(), businessId, amount: balance, balanceAfter: balance, kind: 'top-up', description: 'Opening balance', createdAt: new Date(now - 91 * DAY) },
  ];
  for (const charge of charges) {
    balance += charge.amount;
    ledger.push({ id: random.id(), businessId, amount: charge.amount, balanceAfter: balance, kind: charge.kind, messageId: charge.messageId, description: charge.description, createdAt: new Date(charge.at) });
  }

  await db.$transaction([
    db.business.create({ data: { id: businessId, name: DEMO_BUSINESS_NAME, balance: DEMO_BALANCE, currency: 'USD', createdAt: new Date(now - 200 * DAY) } }),
    db.member.createMany({
      data: Object.entries(DEMO_USERS).map(([role, userId]) => ({ businessId, userId, role, createdAt: new Date(now - 150 * DAY), lastSeenAt: new Date(now - random.int(1, 72) * HOUR) })),
    }),
    db.callFlow.createMany({ data: flows }),
    db.brand.create({
      data: {
        businessId, status: 'verified', submittedBy: DEMO_USERS.owner, submittedAt: new Date(now - 170 * DAY), carrierSid: `BN${random.id().slice(1, 33).padEnd(32, '0')}`,
        data: JSON.stringify({ legalName: 'Sunshine Dental & Orthodontics LLC', ein: '59-2745103', website: 'https://sunshinedental.example', vertical: 'HEALTHCARE', address: '4102 W Kennedy Blvd, Tampa, FL 33609' }),
      },
    }),
    db.campaign.create({
      data: {
        id: campaignId, businessId, status: 'approved', submittedBy: DEMO_USERS.owner, submittedAt: new Date(now - 160 * DAY), carrierSid: `QE${random.id().slice(1, 33).padEnd(32, '0')}`,
        data: JSON.stringify({
          useCase: 'CUSTOMER_CARE',
          description: 'Appointment scheduling, reminders and patient questions for a dental and orthodontic practice.',
          sampleMessages: ['Reminder: your appointment at Sunshine Dental & Ortho is tomorrow at 9:00am. Reply C to confirm.', 'Hi! We have Tuesday at 10:30am open. Does that work?'],
          optInDescription: 'Patients opt in on the new-patient form and by texting us first.',
        }),
      },
    }),
    db.trackingNumber.createMany({ data: numbers }),
    db.contact.createMany({ data: contacts }),
    db.thread.createMany({ data: threads }),
    db.threadNumber.createMany({ data: links }),
    db.message.createMany({ data: messages }),
    db.media.createMany({ data: media }),
    db.call.createMany({ data: calls }),
    db.ledgerEntry.createMany({ data: ledger }),
  ]);
  return {
    businessId,
    created: true,
    counts: { threads: threads.length, messages: messages.length, calls: calls.length, media: media.length, numbers: numbers.length },
  };
}
