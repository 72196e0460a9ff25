// Stands in for the phone metadata when scripts/size.mjs weighs the SDK without it.
export const nanpMetadata = { version: 4, country_calling_codes: {}, countries: {}, nonGeographic: {} };
