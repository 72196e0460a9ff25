// The Mocha globals @web/test-runner provides in the browser, typed for the tests (only the ones
// used; @types/mocha would add a dependency for six declarations).
type MochaBody = (this: unknown) => void | Promise<void>;

declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: MochaBody): void;
declare function before(body: MochaBody): void;
declare function after(body: MochaBody): void;
declare function beforeEach(body: MochaBody): void;
declare function afterEach(body: MochaBody): void;
