// Types of scripts/build.mjs for the TypeScript that imports it (the test suite).
export declare const ROOT: string;
export declare const DIST: string;
export declare const ENTRIES: string[];
/** Builds `root`/dist/ (the project's by default) from scratch and swaps it in whole. */
export declare function build(root?: string): Promise<void>;
/** Why `root`/dist/ must be built again, or null when it is up to date. */
export declare function staleReason(root?: string): string | null;
