/*
 * The globals src/protocol uses beyond ES2023 that browsers and Node (≥ 16) both have, declared as far as
 * protocol uses them. Only src/client/tsconfig.check.json includes this file (the app's tsconfig has the DOM
 * library, which declares them in full).
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly host: string;
}
declare function atob(data: string): string;
declare function btoa(data: string): string;
