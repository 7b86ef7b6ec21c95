import { Global, Module } from '@nestjs/common';

/** The time in ms since the epoch. Injected wherever a timeout is decided, so tests can move it. */
export type Clock = () => number;

export const CLOCK = Symbol('CLOCK');

@Global()
@Module({
  providers: [{ provide: CLOCK, useValue: (() => Date.now()) satisfies Clock }],
  exports: [CLOCK],
})
export class ClockModule {}
