// Stands in for libphonenumber-js when scripts/size.mjs weighs the SDK's own code.
export function parsePhoneNumberFromString() {
  return undefined;
}
