// Jest's ESM mode cannot load a CommonJS package that requires an ES module
// while that module is still being linked (@nestjs/throttler 6 requires
// @nestjs/common 12, ESM only): "Cannot require() ES Module … in a cycle".
// Node itself loads it (require(esm)); here it is loaded once, after
// @nestjs/common is evaluated, and every test file finds it ready.
await import('@nestjs/common');
await import('@nestjs/throttler');
