// A local stand-in for the Twilio APIs messaging setup uses (Trust Hub, A2P brand and campaign
// registration, messaging services, toll-free verification, incoming numbers), for tests that run
// the official `twilio` package with TWILIO_API_BASE_URL pointed here. It checks what the SDK
// sends the way Twilio would: the host each call was meant for (X-Forwarded-Host), Basic auth,
// required form fields, required end-user attributes, and the order of the ISV flow (a brand needs
// submitted bundles, a campaign an approved brand, a number must be in the account). Whatever it
// refuses or does not recognise is also listed in `problems`, which a test expects to stay empty.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveLocally, type LocalServer } from './local-http.ts';

/** One request the fake received. */
export interface TrustRequest {
  host: string;
  method: string;
  path: string;
  /** Form fields (or query parameters of a GET); a repeated field becomes an array. */
  form: Record<string, string | string[]>;
}

type Json = Record<string, unknown>;
/** A handler's answer: HTTP status and JSON body (none for 204). */
type Reply = { status: number; body?: Json };
type Handler = (request: TrustRequest, match: RegExpMatchArray) => Reply;

const ok = (body: Json): Reply => ({ status: 200, body });

/** A Twilio-style error answer. */
export class TwilioAnswer extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const newSid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/** Required attributes of each Trust Hub end-user type the ISV flow creates. */
const END_USER_ATTRIBUTES: Record<string, string[]> = {
  customer_profile_business_information: [
    'business_name', 'business_type', 'business_registration_identifier', 'business_registration_number',
    'business_identity', 'business_industry', 'business_regions_of_operation', 'website_url',
  ],
  authorized_representative_1: ['first_name', 'last_name', 'email', 'phone_number', 'business_title', 'job_position'],
  us_a2p_messaging_profile_information: ['company_type'],
};

/** What a compliant secondary customer profile holds (Twilio's policy, reduced to object types). */
const PROFILE_NEEDS = ['customer_profile_business_information', 'authorized_representative_1', 'customer_profile_address'];

/** The fake's state of one Trust Hub bundle (customer profile or trust product). */
interface Bundle {
  sid: string;
  kind: 'customer-profile' | 'trust-product';
  policySid: string;
  status: string;
  assigned: string[];
}

/** A local fake of Twilio's setup APIs on 127.0.0.1 and a random port. */
export class TwilioTrustFake {
  readonly requests: TrustRequest[] = [];
  /** Requests the fake refused or did not recognise, in words. */
  readonly problems: string[] = [];
  readonly accountSid: string;
  readonly authToken: string;
  readonly bundles = new Map<string, Bundle>();
  readonly endUsers = new Map<string, { sid: string; type: string; attributes: Json }>();
  readonly documents = new Map<string, { sid: string; type: string; attributes: Json }>();
  readonly addresses = new Map<string, Json>();
  readonly brands = new Map<string, Json>();
  readonly services = new Map<string, { sid: string; friendlyName: string; numbers: string[] }>();
  readonly campaigns = new Map<string, Json>();
  readonly tollFree = new Map<string, Json>();
  /** Incoming numbers of the account: sid → E.164. */
  readonly numbers = new Map<string, string>();
  readonly #failures: { pattern: RegExp; answer: TwilioAnswer }[] = [];
  readonly #routes: { host: string; method: string; pattern: RegExp; required: string[]; handle: Handler }[] = [];
  #server: LocalServer | null = null;

  private constructor() {
    this.accountSid = newSid('AC');
    this.authToken = randomBytes(16).toString('hex');
    this.#defineRoutes();
  }

  /** Starts a fake on a free port. */
  static async start(): Promise<TwilioTrustFake> {
    const fake = new TwilioTrustFake();
    fake.#server = await serveLocally((request, response) => fake.#handle(request, response));
    return fake;
  }

  /** The base URL to set as TWILIO_API_BASE_URL. */
  get url(): string {
    return this.#server?.url ?? '';
  }

  /** Puts a phone number into the account (as buying it would); returns its PN sid. */
  addIncomingNumber(e164: string): string {
    const sid = newSid('PN');
    this.numbers.set(sid, e164);
    return sid;
  }

  /** Makes the next request whose "HOST METHOD PATH" matches `pattern` fail with a Twilio error. */
  failNext(pattern: RegExp, status: number, code: number, message: string): void {
    this.#failures.push({ pattern, answer: new TwilioAnswer(status, code, message) });
  }

  /** Moves a brand registration along, as Twilio's review would. */
  setBrandStatus(sid: string, status: 'PENDING' | 'IN_REVIEW' | 'APPROVED' | 'FAILED', failureReason: string | null = null): void {
    const brand = this.#get(this.brands, sid);
    Object.assign(brand, { status, failure_reason: failureReason, errors: failureReason ? [{ code: 30794, description: failureReason }] : [] });
  }

  /** Moves a campaign along. */
  setCampaignStatus(sid: string, status: 'IN_PROGRESS' | 'VERIFIED' | 'FAILED', errors: string[] = []): void {
    const campaign = this.#get(this.campaigns, sid);
    Object.assign(campaign, { campaign_status: status, errors: errors.map((description) => ({ code: 30886, description })) });
  }

  /** Moves a toll-free verification along. */
  setTollFreeStatus(sid: string, status: 'PENDING_REVIEW' | 'IN_REVIEW' | 'TWILIO_APPROVED' | 'TWILIO_REJECTED', rejection?: { reason: string; editAllowed: boolean }): void {
    const verification = this.#get(this.tollFree, sid);
    Object.assign(verification, {
      status,
      rejection_reason: rejection?.reason ?? null,
      rejection_reasons: rejection ? [{ code: 30513, reason: rejection.reason }] : [],
      edit_allowed: rejection?.editAllowed ?? false,
    });
  }

  /** Requests to one host and path pattern, in order. */
  calls(host: string, method: string, pattern: RegExp): TrustRequest[] {
    return this.requests.filter((request) => request.host === host && request.method === method && pattern.test(request.path));
  }

  /** Stops the server and drops its connections. */
  async close(): Promise<void> {
    await this.#server?.close();
    this.#server = null;
  }

  #get<T>(map: Map<string, T>, sid: string): T {
    const found = map.get(sid);
    if (!found) throw new TwilioAnswer(404, 20404, `The requested resource ${sid} was not found`);
    return found;
  }

  #route(host: string, method: string, pattern: RegExp, required: string[], handle: Handler): void {
    this.#routes.push({ host, method, pattern, required, handle });
  }

  #defineRoutes(): void {
    const trusthub = 'trusthub.twilio.com';
    const messaging = 'messaging.twilio.com';
    const api = 'api.twilio.com';
    const account = `/2010-04-01/Accounts/(AC[0-9a-f]{32})`;
    const text = (request: TrustRequest, name: string) => String(request.form[name] ?? '');
    const list = (request: TrustRequest, name: string) => {
      const value = request.form[name];
      return value === undefined ? [] : Array.isArray(value) ? value : [value];
    };
    const bool = (request: TrustRequest, name: string) => text(request, name) === 'true';

    // ---- Trust Hub: bundles (customer profiles and trust products)
    for (const [kind, path] of [['customer-profile', 'CustomerProfiles'], ['trust-product', 'TrustProducts']] as const) {
      this.#route(trusthub, 'POST', new RegExp(`^/v1/${path}$`), ['FriendlyName', 'Email', 'PolicySid'], (request) => {
        const bundle: Bundle = { sid: newSid('BU'), kind, policySid: text(request, 'PolicySid'), status: 'draft', assigned: [] };
        this.bundles.set(bundle.sid, bundle);
        return { status: 201, body: this.#bundleJson(bundle, request) };
      });
      this.#route(trusthub, 'POST', new RegExp(`^/v1/${path}/(BU[0-9a-f]{32})/EntityAssignments$`), ['ObjectSid'], (request, match) => {
        const bundle = this.#get(this.bundles, match[1]!);
        const objectSid = text(request, 'ObjectSid');
        const known = this.endUsers.has(objectSid) || this.documents.has(objectSid) || this.bundles.has(objectSid);
        if (!known) throw new TwilioAnswer(400, 22218, `Object ${objectSid} does not exist`);
        bundle.assigned.push(objectSid);
        return { status: 201, body: { sid: newSid('BV'), object_sid: objectSid, account_sid: this.accountSid } };
      });
      this.#route(trusthub, 'POST', new RegExp(`^/v1/${path}/(BU[0-9a-f]{32})/Evaluations$`), ['PolicySid'], (request, match) => {
        const bundle = this.#get(this.bundles, match[1]!);
        const missing = this.#missingFrom(bundle);
        return {
          status: 201,
          body: {
            sid: newSid('EL'),
            policy_sid: text(request, 'PolicySid'),
            status: missing.length ? 'noncompliant' : 'compliant',
            results: missing.map((type) => ({ object_type: type, passed: false, failure_reason: `A ${type} is required` })),
          },
        };
      });
      this.#route(trusthub, 'POST', new RegExp(`^/v1/${path}/(BU[0-9a-f]{32})$`), [], (request, match) => {
        const bundle = this.#get(this.bundles, match[1]!);
        if (text(request, 'Status') === 'pending-review') {
          const missing = this.#missingFrom(bundle);
          if (missing.length) throw new TwilioAnswer(400, 22215, `Bundle is not compliant: ${missing.join(', ')} missing`);
          bundle.status = 'pending-review';
        }
        return ok(this.#bundleJson(bundle, request));
      });
    }
    this.#route(trusthub, 'POST', /^\/v1\/EndUsers$/, ['FriendlyName', 'Type'], (request) => {
      const type = text(request, 'Type');
      const attributes = JSON.parse(text(request, 'Attributes') || '{}') as Json;
      const missing = (END_USER_ATTRIBUTES[type] ?? []).filter((name) => attributes[name] === undefined || attributes[name] === '');
      if (!END_USER_ATTRIBUTES[type]) throw new TwilioAnswer(400, 22216, `Unknown end-user type ${type}`);
      if (missing.length) throw new TwilioAnswer(400, 22217, `Missing attributes for ${type}: ${missing.join(', ')}`);
      if (type === 'us_a2p_messaging_profile_information' && attributes.company_type === 'public' && (!attributes.stock_exchange || !attributes.stock_ticker)) {
        throw new TwilioAnswer(400, 22217, 'Public companies need stock_exchange and stock_ticker');
      }
      const user = { sid: newSid('IT'), type, attributes };
      this.endUsers.set(user.sid, user);
      return { status: 201, body: { sid: user.sid, type, attributes, friendly_name: text(request, 'FriendlyName'), account_sid: this.accountSid } };
    });
    this.#route(trusthub, 'POST', /^\/v1\/SupportingDocuments$/, ['FriendlyName', 'Type'], (request) => {
      const attributes = JSON.parse(text(request, 'Attributes') || '{}') as Json;
      const addressSids = String(attributes.address_sids ?? '').split(',').filter(Boolean);
      if (text(request, 'Type') === 'customer_profile_address' && !addressSids.every((sid) => this.addresses.has(sid))) {
        throw new TwilioAnswer(400, 22219, 'address_sids must name addresses of this account');
      }
      const document = { sid: newSid('RD'), type: text(request, 'Type'), attributes };
      this.documents.set(document.sid, document);
      return { status: 201, body: { sid: document.sid, type: document.type, attributes, status: 'draft', account_sid: this.accountSid } };
    });

    // ---- API: addresses and the account's numbers
    this.#route(api, 'POST', new RegExp(`^${account}/Addresses\\.json$`), ['CustomerName', 'Street', 'City', 'Region', 'PostalCode', 'IsoCountry'], (request) => {
      const address = { sid: newSid('AD'), customer_name: text(request, 'CustomerName'), street: text(request, 'Street'), iso_country: text(request, 'IsoCountry') };
      this.addresses.set(address.sid, address);
      return { status: 201, body: address };
    });
    this.#route(api, 'GET', new RegExp(`^${account}/IncomingPhoneNumbers\\.json$`), [], (request) => {
      const wanted = text(request, 'PhoneNumber');
      const found = [...this.numbers].filter(([, e164]) => !wanted || e164 === wanted).map(([sid, e164]) => ({ sid, phone_number: e164, account_sid: this.accountSid }));
      return ok({ incoming_phone_numbers: found, page: 0, page_size: 50, next_page_uri: null, uri: request.path });
    });

    // ---- Messaging: A2P brand registrations
    this.#route(messaging, 'POST', /^\/v1\/a2p\/BrandRegistrations$/, ['CustomerProfileBundleSid', 'A2PProfileBundleSid'], (request) => {
      const profile = this.#get(this.bundles, text(request, 'CustomerProfileBundleSid'));
      const product = this.#get(this.bundles, text(request, 'A2PProfileBundleSid'));
      if (profile.kind !== 'customer-profile' || product.kind !== 'trust-product') throw new TwilioAnswer(400, 21603, 'Bundle sids are swapped');
      if (profile.status === 'draft' || product.status === 'draft') throw new TwilioAnswer(400, 21605, 'Bundles must be submitted before a brand registration');
      if (!product.assigned.includes(profile.sid)) throw new TwilioAnswer(400, 21606, 'The A2P trust product must hold the customer profile');
      const brand = {
        sid: newSid('BN'),
        account_sid: this.accountSid,
        customer_profile_bundle_sid: profile.sid,
        a2p_profile_bundle_sid: product.sid,
        brand_type: text(request, 'BrandType') || 'STANDARD',
        status: 'PENDING',
        failure_reason: null,
        errors: [],
      };
      this.brands.set(brand.sid, brand);
      return { status: 201, body: brand };
    });
    this.#route(messaging, 'GET', /^\/v1\/a2p\/BrandRegistrations\/(BN[0-9a-f]{32})$/, [], (_request, match) => ok(this.#get(this.brands, match[1]!)));

    // ---- Messaging: services, their numbers and their A2P campaign
    this.#route(messaging, 'POST', /^\/v1\/Services$/, ['FriendlyName'], (request) => {
      const service = { sid: newSid('MG'), friendlyName: text(request, 'FriendlyName'), numbers: [] as string[] };
      this.services.set(service.sid, service);
      return { status: 201, body: { sid: service.sid, friendly_name: service.friendlyName, use_inbound_webhook_on_number: bool(request, 'UseInboundWebhookOnNumber') } };
    });
    this.#route(messaging, 'DELETE', /^\/v1\/Services\/(MG[0-9a-f]{32})$/, [], (_request, match) => {
      this.#get(this.services, match[1]!);
      this.services.delete(match[1]!);
      return { status: 204 };
    });
    this.#route(
      messaging,
      'POST',
      /^\/v1\/Services\/(MG[0-9a-f]{32})\/Compliance\/Usa2p$/,
      ['BrandRegistrationSid', 'Description', 'MessageFlow', 'MessageSamples', 'UsAppToPersonUsecase', 'HasEmbeddedLinks', 'HasEmbeddedPhone'],
      (request, match) => {
        this.#get(this.services, match[1]!);
        const brand = this.#get(this.brands, text(request, 'BrandRegistrationSid'));
        if (brand.status !== 'APPROVED') throw new TwilioAnswer(400, 21709, 'The brand registration is not approved');
        if ([...this.campaigns.values()].some((campaign) => campaign.messaging_service_sid === match[1])) {
          throw new TwilioAnswer(409, 21711, 'This messaging service already has an A2P campaign');
        }
        const samples = list(request, 'MessageSamples');
        if (samples.length < 2 || samples.length > 5) throw new TwilioAnswer(400, 21713, 'MessageSamples needs 2 to 5 samples');
        const campaign = {
          sid: newSid('QE'),
          account_sid: this.accountSid,
          brand_registration_sid: brand.sid,
          messaging_service_sid: match[1],
          description: text(request, 'Description'),
          message_flow: text(request, 'MessageFlow'),
          message_samples: samples,
          us_app_to_person_usecase: text(request, 'UsAppToPersonUsecase'),
          has_embedded_links: bool(request, 'HasEmbeddedLinks'),
          has_embedded_phone: bool(request, 'HasEmbeddedPhone'),
          opt_out_keywords: list(request, 'OptOutKeywords'),
          help_keywords: list(request, 'HelpKeywords'),
          opt_in_keywords: list(request, 'OptInKeywords'),
          age_gated: bool(request, 'AgeGated'),
          direct_lending: bool(request, 'DirectLending'),
          campaign_status: 'IN_PROGRESS',
          errors: [],
        };
        this.campaigns.set(campaign.sid, campaign);
        return { status: 201, body: campaign };
      },
    );
    this.#route(messaging, 'GET', /^\/v1\/Services\/(MG[0-9a-f]{32})\/Compliance\/Usa2p\/(QE[0-9a-f]{32})$/, [], (_request, match) => {
      const campaign = this.#get(this.campaigns, match[2]!);
      if (campaign.messaging_service_sid !== match[1]) throw new TwilioAnswer(404, 20404, 'Campaign not found in this service');
      return ok(campaign);
    });
    this.#route(messaging, 'GET', /^\/v1\/Services\/(MG[0-9a-f]{32})\/Compliance\/Usa2p$/, [], (request, match) => {
      this.#get(this.services, match[1]!);
      const found = [...this.campaigns.values()].filter((campaign) => campaign.messaging_service_sid === match[1]);
      return ok({ compliance: found, meta: { key: 'compliance', page: 0, page_size: 50, next_page_url: null, url: request.path } });
    });
    this.#route(messaging, 'DELETE', /^\/v1\/Services\/(MG[0-9a-f]{32})\/Compliance\/Usa2p\/(QE[0-9a-f]{32})$/, [], (_request, match) => {
      const campaign = this.#get(this.campaigns, match[2]!);
      if (campaign.messaging_service_sid !== match[1]) throw new TwilioAnswer(404, 20404, 'Campaign not found in this service');
      this.campaigns.delete(match[2]!);
      return { status: 204 };
    });
    this.#route(messaging, 'POST', /^\/v1\/Services\/(MG[0-9a-f]{32})\/PhoneNumbers$/, ['PhoneNumberSid'], (request, match) => {
      const service = this.#get(this.services, match[1]!);
      const phoneNumberSid = text(request, 'PhoneNumberSid');
      const e164 = this.#get(this.numbers, phoneNumberSid);
      if (service.numbers.includes(phoneNumberSid)) throw new TwilioAnswer(409, 21710, 'Phone Number is already in the Messaging Service');
      if ([...this.services.values()].some((other) => other.numbers.includes(phoneNumberSid))) {
        throw new TwilioAnswer(400, 21712, 'Phone Number is associated with another Messaging Service');
      }
      service.numbers.push(phoneNumberSid);
      return { status: 201, body: { sid: phoneNumberSid, service_sid: service.sid, phone_number: e164, account_sid: this.accountSid } };
    });

    // ---- Messaging: toll-free verifications
    const tollFreeRequired = [
      'BusinessName', 'BusinessWebsite', 'NotificationEmail', 'UseCaseCategories', 'UseCaseSummary', 'ProductionMessageSample',
      'OptInImageUrls', 'OptInType', 'MessageVolume', 'TollfreePhoneNumberSid',
    ];
    const tollFreeFields = (request: TrustRequest) => ({
      business_name: text(request, 'BusinessName'),
      business_website: text(request, 'BusinessWebsite'),
      notification_email: text(request, 'NotificationEmail'),
      use_case_categories: list(request, 'UseCaseCategories'),
      use_case_summary: text(request, 'UseCaseSummary'),
      production_message_sample: text(request, 'ProductionMessageSample'),
      opt_in_image_urls: list(request, 'OptInImageUrls'),
      opt_in_type: text(request, 'OptInType'),
      message_volume: text(request, 'MessageVolume'),
      business_street_address: text(request, 'BusinessStreetAddress') || null,
      business_contact_email: text(request, 'BusinessContactEmail') || null,
    });
    this.#route(messaging, 'POST', /^\/v1\/Tollfree\/Verifications$/, tollFreeRequired, (request) => {
      const numberSid = text(request, 'TollfreePhoneNumberSid');
      const e164 = this.#get(this.numbers, numberSid);
      const open = [...this.tollFree.values()].some((verification) => verification.tollfree_phone_number_sid === numberSid && verification.status !== 'TWILIO_REJECTED');
      if (open) throw new TwilioAnswer(409, 30512, 'A verification for this number is already open');
      const verification = {
        sid: newSid('HH'),
        account_sid: this.accountSid,
        tollfree_phone_number_sid: numberSid,
        tollfree_phone_number: e164,
        external_reference_id: text(request, 'ExternalReferenceId') || null,
        ...tollFreeFields(request),
        status: 'PENDING_REVIEW',
        rejection_reason: null,
        rejection_reasons: [],
        edit_allowed: false,
      };
      this.tollFree.set(verification.sid, verification);
      return { status: 201, body: verification };
    });
    this.#route(messaging, 'GET', /^\/v1\/Tollfree\/Verifications$/, [], (request) => {
      const numberSid = text(request, 'TollfreePhoneNumberSid');
      const found = [...this.tollFree.values()].filter((verification) => !numberSid || verification.tollfree_phone_number_sid === numberSid);
      return ok({ verifications: found, meta: { key: 'verifications', page: 0, page_size: 50, next_page_url: null, url: request.path } });
    });
    this.#route(messaging, 'GET', /^\/v1\/Tollfree\/Verifications\/(HH[0-9a-f]{32})$/, [], (_request, match) => ok(this.#get(this.tollFree, match[1]!)));
    this.#route(messaging, 'POST', /^\/v1\/Tollfree\/Verifications\/(HH[0-9a-f]{32})$/, ['EditReason'], (request, match) => {
      const verification = this.#get(this.tollFree, match[1]!);
      if (verification.status !== 'TWILIO_REJECTED' || !verification.edit_allowed) {
        throw new TwilioAnswer(400, 30516, 'Only a rejected verification with edits allowed can be edited');
      }
      Object.assign(verification, tollFreeFields(request), { status: 'PENDING_REVIEW', rejection_reason: null, rejection_reasons: [], edit_allowed: false });
      return ok(verification);
    });
  }

  #missingFrom(bundle: Bundle): string[] {
    const types = bundle.assigned.map((sid) => this.endUsers.get(sid)?.type ?? this.documents.get(sid)?.type ?? (this.bundles.has(sid) ? 'customer-profile' : '?'));
    const needs = bundle.kind === 'customer-profile' ? PROFILE_NEEDS : ['us_a2p_messaging_profile_information', 'customer-profile'];
    return needs.filter((type) => !types.includes(type));
  }

  #bundleJson(bundle: Bundle, request: TrustRequest): Json {
    return { sid: bundle.sid, policy_sid: bundle.policySid, status: bundle.status, friendly_name: request.form.FriendlyName ?? null, account_sid: this.accountSid };
  }

  async #handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const answer = (status: number, body?: Json) => {
      response.writeHead(status, body ? { 'content-type': 'application/json' } : {});
      response.end(body ? JSON.stringify(body) : undefined);
    };
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', 'http://fake');
    const params = incoming.method === 'GET' || incoming.method === 'DELETE' ? url.searchParams : new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const form: Record<string, string | string[]> = {};
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      form[key] = values.length > 1 ? values : values[0]!;
    }
    const request: TrustRequest = { host: String(incoming.headers['x-forwarded-host'] ?? ''), method: incoming.method ?? 'GET', path: url.pathname, form };
    this.requests.push(request);
    const refuse = (error: TwilioAnswer) => {
      this.problems.push(`${request.method} ${request.host}${request.path}: ${error.message}`);
      answer(error.status, { code: error.code, message: error.message, more_info: `https://www.twilio.com/docs/errors/${error.code}`, status: error.status });
    };

    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (incoming.headers.authorization !== expected) return refuse(new TwilioAnswer(401, 20003, 'Authenticate'));
    const line = `${request.host} ${request.method} ${request.path}`;
    const failure = this.#failures.findIndex((entry) => entry.pattern.test(line));
    if (failure >= 0) {
      const planned = this.#failures.splice(failure, 1)[0]!.answer;
      answer(planned.status, { code: planned.code, message: planned.message, status: planned.status });
      return;
    }
    const route = this.#routes.find((candidate) => candidate.host === request.host && candidate.method === request.method && candidate.pattern.test(request.path));
    if (!route) return refuse(new TwilioAnswer(404, 20404, `No such resource: ${line}`));
    const missing = route.required.filter((name) => form[name] === undefined || form[name] === '');
    if (missing.length) return refuse(new TwilioAnswer(400, 21604, `Missing required parameter ${missing.join(', ')}`));
    const accountMatch = request.path.match(/Accounts\/(AC[0-9a-f]{32})/);
    if (accountMatch && accountMatch[1] !== this.accountSid) return refuse(new TwilioAnswer(404, 20404, 'Another account'));
    try {
      const reply = route.handle(request, request.path.match(route.pattern)!);
      answer(reply.status, reply.body);
    } catch (error) {
      if (error instanceof TwilioAnswer) refuse(error);
      else answer(500, { code: 20500, message: String(error), status: 500 });
    }
  }
}
