import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/decorators/public.decorator.js';
import { HealthService } from './health.service.js';

@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly healthService: HealthService) {}

  /**
   * 200 when the app can serve pages, 503 when it cannot, and which part is
   * down: MongoDB (users, and sessions by default) and the session store.
   */
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const { mongo, sessions } = await this.healthService.check();
    const up = mongo && sessions.up;
    if (!up) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: up ? 'ok' : 'error',
      mongo: mongo ? 'up' : 'down',
      sessions: { store: sessions.store, status: sessions.up ? 'up' : 'down' },
    };
  }
}
