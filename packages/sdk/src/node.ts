// Node-only entry: helpers a host backend uses. Never import this from browser code.
export * from './node/embed-token.ts';
