// The few host APIs shared/ uses that exist in both browsers and Node but are not in the
// ES library typings. Declared here rather than pulling in DOM or Node types, which would
// let DOM-only or Node-only code slip into shared/.
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function queueMicrotask(callback: () => void): void;
