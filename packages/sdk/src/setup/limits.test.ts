import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BRAND_CHECKS,
  CAMPAIGN_CHECKS,
  CAMPAIGN_LIMITS,
  TOLL_FREE_CHECKS,
  PHONE_MESSAGE,
  URL_MESSAGE,
  checkCount,
  checkKeywords,
  checkText,
  countMessage,
  normalizeTaxId,
  textMessage,
} from './limits.ts';

describe('messaging-setup field checks', () => {
  test('text limits: trimmed length from min to max, one message either way', () => {
    const limit = CAMPAIGN_LIMITS.description;
    assert.equal(textMessage(limit), 'Campaign description must be 40 to 4,096 characters');
    assert.equal(checkText(limit, 'x'.repeat(39)), textMessage(limit));
    assert.equal(checkText(limit, `  ${'x'.repeat(39)}  `), textMessage(limit), 'spaces do not count');
    assert.equal(checkText(limit, 'x'.repeat(40)), null);
    assert.equal(checkText(limit, 'x'.repeat(4096)), null);
    assert.equal(checkText(limit, 'x'.repeat(4097)), textMessage(limit));
    assert.equal(checkText(limit, undefined), textMessage(limit));
  });

  test('counts: 2 to 5 samples', () => {
    assert.equal(countMessage(CAMPAIGN_LIMITS.samples), 'Give 2 to 5 sample messages');
    assert.equal(checkCount(CAMPAIGN_LIMITS.samples, ['a']), countMessage(CAMPAIGN_LIMITS.samples));
    assert.equal(checkCount(CAMPAIGN_LIMITS.samples, ['a', 'b']), null);
    assert.equal(checkCount(CAMPAIGN_LIMITS.samples, Array(6).fill('a')), countMessage(CAMPAIGN_LIMITS.samples));
    assert.equal(CAMPAIGN_CHECKS.sample!('x'.repeat(19), {}), 'Sample message must be 20 to 1,024 characters');
  });

  test('tax ids: US EIN with or without the dash, Canadian 9-digit business number', () => {
    assert.equal(normalizeTaxId('123456789', 'US'), '12-3456789');
    assert.equal(normalizeTaxId('12-3456789', 'US'), '12-3456789');
    assert.equal(normalizeTaxId('123 456 789', 'CA'), '123456789');
    assert.equal(normalizeTaxId('12-34567', 'US'), null);
    assert.equal(BRAND_CHECKS.taxId!('12-345', { taxIdCountry: 'US' }), 'Enter the EIN as 9 digits, e.g. 12-3456789');
    assert.equal(BRAND_CHECKS.taxId!('123456789', { taxIdCountry: 'CA' }), null);
  });

  test('stock listing is checked only for public companies', () => {
    assert.equal(BRAND_CHECKS.stockSymbol!(undefined, { businessType: 'private' }), null);
    assert.match(BRAND_CHECKS.stockSymbol!(undefined, { businessType: 'public' }) ?? '', /Stock symbol/);
    assert.equal(BRAND_CHECKS.stockExchange!('NYSE', { businessType: 'public' }), null);
    assert.equal(BRAND_CHECKS.stockExchange!('MOON', { businessType: 'public' }), 'Choose a stock exchange from the list');
  });

  test('keywords, phone and web addresses', () => {
    assert.equal(checkKeywords([], true), null, 'opt-in keywords may be none');
    assert.equal(checkKeywords([]), 'Give 1 to 10 keywords');
    assert.match(checkKeywords(['STOP ALL']) ?? '', /single words/);
    assert.equal(BRAND_CHECKS['contact.phone']!('(813) 555-0100', {}), null);
    assert.match(BRAND_CHECKS['contact.phone']!('12', {}) ?? '', /area code/);
    // A quick shape check the browser can run; the server reads the number with libphonenumber after it.
    for (const good of ['+1 813 555 0100', '18135550100', '813.555.0100']) assert.equal(BRAND_CHECKS['contact.phone']!(good, {}), null, good);
    for (const bad of ['+44 20 7946 0958', '+813 555 0100', 'call me', '813-555-01000', 8135550100]) {
      assert.equal(BRAND_CHECKS['contact.phone']!(bad, {}), PHONE_MESSAGE, String(bad));
    }
    assert.equal(BRAND_CHECKS.website!('acme.example.com', {}), URL_MESSAGE);
    assert.equal(BRAND_CHECKS.website!('https://acme.example.com', {}), null);
    assert.equal(TOLL_FREE_CHECKS.optInImageUrls!(['https://a.example.com/x.png', 'x.png'], {}), URL_MESSAGE);
    assert.equal(TOLL_FREE_CHECKS.useCaseCategories!(['CUSTOMER_CARE', 'SPAM'], {}), 'Choose use case categories from the list');
  });
});
