import { en } from './en.js';
export const fr: typeof en = en;
export const frMessages: Record<string, string> = {};
