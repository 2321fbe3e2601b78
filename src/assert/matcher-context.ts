/**
 * The part of a matcher's `this` that netspec's matchers use. Declared here rather than imported
 * from Jest's `expect` package, so the published typings resolve for a Vitest user too (Vitest's
 * matcher state has the same members).
 */
export interface MatcherContext {
  isNot: boolean;
  utils: {
    matcherHint(matcherName: string, received?: string, expected?: string, options?: object): string;
    printExpected(value: unknown): string;
    printReceived(value: unknown): string;
  };
}
