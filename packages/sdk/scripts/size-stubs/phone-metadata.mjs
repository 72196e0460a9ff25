// Stands in for libphonenumber-js's metadata when scripts/size.mjs weighs the SDK without it.
export default { version: 4, country_calling_codes: {}, countries: {}, nonGeographic: {} };
