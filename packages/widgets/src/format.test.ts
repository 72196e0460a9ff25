import { expect } from '@open-wc/testing';
import { contactName, formatDay, formatDuration, formatFileSize, formatMoney, formatRelative } from './format.ts';
import { defaultStrings, format, resolveStrings } from './strings.ts';
import { setupStrings } from './components/messaging-setup/messaging-setup.strings.ts';

describe('format', () => {
  it('formats money from integer cents in the locale', () => {
    expect(formatMoney(2, 'USD', 'en-US')).to.equal('$0.02');
    expect(formatMoney(123456, 'USD', 'en-US')).to.equal('$1,234.56');
    expect(formatMoney(250, 'CAD', 'fr-CA').replace(/\s/g, ' ')).to.equal('2,50 $');
  });

  it('formats durations and sizes', () => {
    expect(formatDuration(42)).to.equal('0:42');
    expect(formatDuration(125)).to.equal('2:05');
    expect(formatDuration(3725)).to.equal('1:02:05');
    expect(formatFileSize(1, 'en-US')).to.equal('1 byte');
    expect(formatFileSize(600, 'en-US')).to.equal('600 bytes');
    expect(formatFileSize(600, 'fr-FR').replace(/\s/g, ' ')).to.equal('600 octets');
    expect(formatFileSize(1.2 * 1024 * 1024, 'en-US')).to.equal('1.2 MB');
    expect(formatFileSize(1536, 'en-US')).to.equal('1.5 kB');
    expect(formatFileSize(5 * 1024 * 1024, 'en-US')).to.equal('5 MB');
  });

  it('names a contact by saved name, else by the number as people read it', () => {
    const number = { e164: '+18135551234', display: '(813) 555-1234' };
    expect(contactName({ ...number, name: ' Dana Ruiz ' })).to.equal('Dana Ruiz');
    expect(contactName({ ...number, name: '  ' })).to.equal('(813) 555-1234');
    expect(contactName({ ...number, name: null })).to.equal('(813) 555-1234');
    expect(contactName({ e164: '+18135551234' })).to.equal('+18135551234');
  });

  it('names days and relative times', () => {
    const now = new Date(2026, 5, 15, 12, 0);
    const words = { today: 'Today', yesterday: 'Yesterday' };
    expect(formatDay(new Date(2026, 5, 15, 8).toISOString(), words, 'en-US', now)).to.equal('Today');
    expect(formatDay(new Date(2026, 5, 14, 23).toISOString(), words, 'en-US', now)).to.equal('Yesterday');
    expect(formatDay(new Date(2026, 5, 10).toISOString(), words, 'en-US', now)).to.equal('Wednesday, June 10');
    expect(formatDay(new Date(2025, 0, 2).toISOString(), words, 'en-US', now)).to.equal('January 2, 2025');
    expect(formatRelative(new Date(2026, 5, 15, 11, 55).toISOString(), 'en-US', now)).to.equal('5 min. ago');
    expect(formatRelative(new Date(2026, 5, 15, 7, 5).toISOString(), 'en-US', now)).to.equal('7:05 AM');
    expect(formatRelative(new Date(2026, 5, 1).toISOString(), 'en-US', now)).to.equal('Jun 1');
  });
});

describe('strings', () => {
  it('fills placeholders and layers overrides over the defaults', () => {
    expect(format('{count} unread', { count: 3 })).to.equal('3 unread');
    expect(format('{missing} stays', {})).to.equal('{missing} stays');
    const strings = resolveStrings({ send: 'Envoyer' }, undefined, { send: 'Expédier', back: 'Retour' });
    expect(strings.send).to.equal('Expédier');
    expect(strings.back).to.equal('Retour');
    expect(strings.newMessage).to.equal(defaultStrings.newMessage);
  });

  it('never names the product in a user-visible string (white label)', () => {
    expect(Object.values({ ...defaultStrings, ...setupStrings }).filter((value) => /threadline/i.test(value))).to.deep.equal([]);
  });
});
