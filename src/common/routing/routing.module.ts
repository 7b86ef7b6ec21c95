import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { UrlForService } from './url-for.service.js';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [UrlForService],
  exports: [UrlForService],
})
export class RoutingModule {}
