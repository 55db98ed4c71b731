/**
 * Types for the part of Az.js (npm "az", no types published) this project
 * uses: the morphological analyser and the loader it reads its dictionaries
 * through.
 */
declare module 'az' {
  interface Tag {
    /** Grammemes are flags on the tag: `tag.Name`, `tag.Surn`, `tag.Patr`. */
    readonly [grammeme: string]: unknown;
  }
  interface Parse {
    readonly tag: Tag;
    readonly score: number;
  }
  type Loaded = (error: Error | null, data?: unknown) => void;
  interface AzStatic {
    load(url: string, responseType: 'json' | 'arraybuffer', callback: Loaded): void;
    Morph: {
      (word: string): Parse[];
      init(path: string, callback: (error: Error | null) => void): void;
    };
  }
  const Az: AzStatic;
  export default Az;
}
