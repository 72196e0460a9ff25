// Both browser entries in one bundle: what a page that uses the client and the phone helpers ships.
export * from '../../src/index.ts';
export * from '../../src/phone/index.ts';
