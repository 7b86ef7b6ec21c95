import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/decorators/public.decorator.js';
import { HealthService } from './health.service.js';

@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly healthService: HealthService) {}

  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const mongoUp = await this.healthService.pingDatabase();
    res.setHeader('Cache-Control', 'no-store');
    if (!mongoUp) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', mongo: 'down' };
    }
    return { status: 'ok', mongo: 'up' };
  }
}
